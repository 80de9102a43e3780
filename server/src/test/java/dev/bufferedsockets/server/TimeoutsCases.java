package dev.bufferedsockets.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.BackgroundTask;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.testing.RawConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection that stalls inside a frame is closed after {@code frame-timeout}; one that is
 * silent between frames is not, unless it stays silent past {@code idle-timeout}. A client that
 * sends but takes none of its replies for {@code frame-timeout} is closed too. The subclasses pick
 * the transport; on TLS the bytes of a half frame travel inside TLS records.
 */
@TestPropertySource(properties = { "buffered.server.frame-timeout=1500ms", "buffered.server.idle-timeout=5s" })
abstract class TimeoutsCases {

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	@Autowired
	private ConnectionErrors errors;

	@Autowired
	private ConnectionTracker connections;

	TimeoutsCases(ServerTransport transport) {
		this.transport = transport;
	}

	@Test
	void aFrameThatStallsHalfwayIsClosedAfterTheFrameTimeout() throws IOException {
		long before = count("frame-timeout");
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.writeHeader(20).write("0123456789".getBytes()); // half of the payload, then nothing
			assertThat(raw.closedByServer()).isTrue();
		}
		await().until(() -> count("frame-timeout") == before + 1);
	}

	@Test
	void aHeaderThatStallsHalfwayIsClosedToo() throws IOException {
		long before = count("frame-timeout");
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.write(new byte[] { 0, 0 });
			assertThat(raw.closedByServer()).isTrue();
		}
		await().until(() -> count("frame-timeout") == before + 1);
	}

	@Test
	void aFrameThatKeepsTricklingIsNotClosedByTheFrameTimeout() throws Exception {
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			byte[] frame = FrameEncoder.DEFAULT.encode("0123456789 slow".getBytes(StandardCharsets.UTF_8));
			// one byte every 250 ms: the whole frame takes far longer than the 1.5 s frame timeout, and a
			// late byte on a busy machine still comes well within it
			for (byte b : frame) {
				raw.write(new byte[] { b });
				await().pollDelay(Duration.ofMillis(250)).until(() -> true); // pacing, not waiting for a state
			}
			assertThat(raw.readFrame()).isEqualTo(" slow");
		}
	}

	@Test
	void silenceBetweenFramesLongerThanTheFrameTimeoutIsFine() throws IOException {
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.writeFrame("0123456789first");
			assertThat(raw.readFrame()).isEqualTo("first");
			int port = raw.socket().getLocalPort();
			// twice the frame timeout, but less than the idle timeout
			await().during(Duration.ofMillis(3000)).atMost(Duration.ofSeconds(10))
				.until(() -> isOpen(port));
			raw.writeFrame("0123456789second");
			assertThat(raw.readFrame()).isEqualTo("second");
		}
	}

	@Test
	void aConnectionSilentPastTheIdleTimeoutIsClosed() throws IOException {
		long before = count("idle-timeout");
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.writeFrame("0123456789hello");
			assertThat(raw.readFrame()).isEqualTo("hello");
			assertThat(raw.closedByServer()).isTrue();
		}
		await().until(() -> count("idle-timeout") == before + 1);
	}

	@Test
	void aClientThatTakesNoRepliesIsClosedAfterTheFrameTimeout() throws Exception {
		long before = count("timeout");
		BackgroundTask<Void> writer = null;
		try (ServerTransport.Connection client = this.transport.connect(this.transport.host(),
				this.server.getPort(), 4096)) {
			int port = client.tcp().getLocalPort();
			OutputStream out = client.socket().getOutputStream();
			byte[] frame = FrameEncoder.DEFAULT.encode(new byte[64 * 1024]);
			// Sends until the server stops reading it, then until it closes it; reads nothing.
			writer = BackgroundTask.start("unread-replies-writer", () -> {
				for (int i = 0; i < 1024; i++) {
					out.write(frame);
				}
				return null;
			});
			await().atMost(Duration.ofSeconds(30)).until(() -> count("timeout") == before + 1);
			await().until(() -> !isOpen(port));
		}
		finally {
			if (writer != null) {
				writer.close(); // after the socket: closing it ends a write still blocked
			}
		}
	}

	private boolean isOpen(int clientPort) {
		return this.connections.openConnections().stream().anyMatch(open -> open.remotePort() == clientPort);
	}

	private long count(String cause) {
		return this.errors.counts().getOrDefault(cause, 0L);
	}

}
