package dev.bufferedsockets.server;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Random;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.testing.RawConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input ends only the connection it came on: that connection is closed with one log line
 * and a counted cause, nothing garbled is sent back, and a well-behaved client connected the
 * whole time keeps getting every reply. The subclasses pick the transport; on TLS the hostile
 * bytes travel inside TLS records, so the server meets them after decryption, as on plain TCP.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class HostileInputCases {

	private static final String OTHER_CLIENTS_MESSAGE = "0123456789 still served";

	final ServerTransport transport;

	@Autowired
	BufferedServer server;

	@Autowired
	ConnectionErrors errors;

	@Autowired
	private ConnectionTracker connections;

	private BufferedClient bystander;

	HostileInputCases(ServerTransport transport) {
		this.transport = transport;
	}

	@BeforeEach
	void connectAWellBehavedClient() throws IOException {
		this.bystander = this.transport.client(this.server.getPort());
		assertBystanderIsServed();
	}

	@AfterEach
	void bystanderWasNeverAffected() {
		assertBystanderIsServed();
		this.bystander.shutdown();
	}

	@Test
	void headerAboveTheLimitClosesThatConnectionWithOneWarning(CapturedOutput output) throws IOException {
		long before = count("frame-too-large");
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.writeHeader(16L * 1024 * 1024 + 1);
			assertThat(raw.closedByServer()).isTrue();
		}
		await().until(() -> count("frame-too-large") == before + 1);
		assertThat(output.getOut().lines().filter(line -> line.contains("frame-too-large")))
			.singleElement()
			.satisfies(line -> assertThat(line).contains("WARN", "16777217", "16777216"));
	}

	@Test
	void maximalUnsignedHeaderIsReadAsFourGigabytesAndRefused(CapturedOutput output) throws IOException {
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.write(new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });
			assertThat(raw.closedByServer()).isTrue();
		}
		await().until(() -> output.getOut().contains("4294967295"));
	}

	@Test
	void invalidUtf8ClosesTheConnectionWithoutAnyReply(CapturedOutput output) throws IOException {
		long before = count("invalid-utf8");
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.writeHeader(14).write("0123456789".getBytes()).write(new byte[] { 'o', 'k', (byte) 0xC3, 0x28 });
			assertThat(raw.closedByServer()).as("no reply bytes, just a close").isTrue();
		}
		await().until(() -> count("invalid-utf8") == before + 1);
		assertThat(output.getOut()).contains("not valid UTF-8");
	}

	@Test
	void validFramesBeforeABadOneStillGetTheirReplies() throws IOException {
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.writeFrame("0123456789first").writeFrame("0123456789second");
			raw.writeHeader(2).write(new byte[] { (byte) 0xED, (byte) 0xA0 }); // a surrogate's first bytes
			assertThat(raw.readFrame()).isEqualTo("first");
			assertThat(raw.readFrame()).isEqualTo("second");
			assertThat(raw.closedByServer()).isTrue();
		}
	}

	@Test
	void hangingUpInsideAFrameIsAQuietClose(CapturedOutput output) throws IOException {
		long before = count("truncated-frame");
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.writeHeader(100).write("only part of it".getBytes());
		}
		await().until(() -> count("truncated-frame") == before + 1);
		assertThat(output.getOut().lines().filter(line -> line.contains("truncated-frame")))
			.singleElement()
			.satisfies(line -> assertThat(line).contains("INFO").doesNotContain("WARN", "ERROR"));
	}

	@Test
	void resetInsideAFrameIsCountedAndNotLoggedAsAServerError(CapturedOutput output) throws IOException {
		long before = count("reset");
		try (ServerTransport.Connection connection = this.transport.connect(this.server.getPort())) {
			connection.socket().getOutputStream().write(new byte[] { 0, 0, 0, 50, 'a', 'b' });
			await().until(() -> this.connections.openConnections().stream()
				.anyMatch(open -> open.remotePort() == connection.tcp().getLocalPort()));
			connection.reset();
		}
		await().until(() -> count("reset") == before + 1);
		assertThat(output.getOut()).doesNotContain("ERROR");
	}

	@Test
	void aClientThatHalfClosesAfterSendingStillGetsEveryReply() throws IOException {
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.writeFrame("0123456789one").writeFrame("0123456789two").writeFrame("0123456789three");
			raw.socket().shutdownOutput(); // "that's all from me"
			assertThat(raw.readFrame()).isEqualTo("one");
			assertThat(raw.readFrame()).isEqualTo("two");
			assertThat(raw.readFrame()).isEqualTo("three");
			assertThat(raw.closedByServer()).isTrue();
		}
	}

	@Test
	void randomGarbageEndsOnlyThatConnection() throws IOException {
		Random random = new Random(42);
		for (int attempt = 0; attempt < 20; attempt++) {
			byte[] garbage = new byte[1 + random.nextInt(64)];
			random.nextBytes(garbage);
			try (RawConnection raw = this.transport.raw(this.server.getPort())) {
				raw.write(garbage);
				raw.socket().shutdownOutput();
				// whatever the garbage decodes to, the server answers only whole valid frames, then closes
				drainRepliesUntilClosed(raw);
			}
		}
	}

	@Test
	void aLiveServerRepliesToAnEmptyFrameWithAnEmptyFrame() throws IOException {
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.writeHeader(0);
			assertThat(raw.readFrame()).isEmpty();
		}
	}

	@Test
	void aCleanDisconnectBetweenFramesIsNotAnError() throws IOException {
		Map<String, Long> before = this.errors.counts();
		int open = this.connections.openCount();
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.writeFrame("0123456789bye");
			assertThat(raw.readFrame()).isEqualTo("bye");
		}
		await().until(() -> this.connections.openCount() == open);
		assertThat(this.errors.counts()).isEqualTo(before);
	}

	private static void drainRepliesUntilClosed(RawConnection raw) throws IOException {
		while (true) {
			try {
				raw.readFrame();
			}
			catch (SocketTimeoutException hung) {
				throw new AssertionError("the server neither replied nor closed the connection", hung);
			}
			catch (IOException closed) {
				return;
			}
		}
	}

	long count(String cause) {
		return this.errors.counts().getOrDefault(cause, 0L);
	}

	private void assertBystanderIsServed() {
		this.bystander.sendMessage(OTHER_CLIENTS_MESSAGE);
		assertThat(this.bystander.receiveMessage()).isEqualTo(new ReceivedMessage(" still served", true));
	}

}
