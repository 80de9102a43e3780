package dev.bufferedsockets.server;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.gateway.BufferedGateway;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.CommandLineRun;
import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerThreadAllocations;
import dev.bufferedsockets.test.TestCertificates;
import dev.bufferedsockets.testing.RawConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * TLS from Spring Boot SSL bundles: the server serves it on its one engine, and BufferedClient, the
 * gateway and the command line speak it. A client that is not speaking TLS, or that connects and
 * never completes the handshake, gets a clean close, not a hang.
 */
@ServerTest
@TestPropertySource(properties = "buffered.server.frame-timeout=2s")
class TlsTest implements OnTls {

	private static final int FOOTPRINT_CONNECTIONS = 20;

	@Autowired
	private BufferedServer server;

	@Autowired
	private BufferedGateway gateway;

	@Autowired
	private ConnectionErrors errors;

	@Autowired
	private ConnectionTracker connections;

	@Test
	void aTlsClientTrustingTheServerGetsItsReply() throws IOException {
		SSLContext trusting = TestCertificates.get().clientContext();
		try (BufferedClient client = new BufferedClient("localhost", this.server.getPort(), 1024, Duration.ZERO,
				trusting)) {
			client.sendMessage("0123456789over TLS 🔒");
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage("over TLS 🔒", true));
		}
	}

	@Test
	void theGatewayConnectsWithItsSslBundle() {
		assertThat(this.gateway.exchange("Four score and seven years ago")).isEqualTo(" and seven years ago");
	}

	@Test
	void theCommandLineConnectsWithTlsAndACaCertificate() {
		CommandLineRun run = CommandLineRun.run("", "client", "--tls",
				"--ca-cert=" + TestCertificates.get().certificate(), "--host=localhost",
				"--port=" + this.server.getPort(), "0123456789secure line");
		assertThat(run.stderr()).isEmpty();
		assertThat(run.exitCode()).isZero();
		assertThat(run.stdout()).isEqualTo("secure line" + System.lineSeparator());
	}

	@Test
	void aClientThatDoesNotTrustTheCertificateCannotConnect() throws Exception {
		assertThatThrownBy(() -> new BufferedClient("localhost", this.server.getPort(), 1024, Duration.ZERO,
				SSLContext.getDefault()))
			.isInstanceOf(IOException.class)
			.hasMessageStartingWith("cannot connect to localhost:" + this.server.getPort());
	}

	@Test
	void aPlainTcpClientGetsACleanFailureNotAHang() throws IOException {
		long before = this.errors.counts().getOrDefault("tls", 0L);
		// The timeout only bounds the test: the server must close long before it.
		try (BufferedClient plain = new BufferedClient("127.0.0.1", this.server.getPort(), 1024,
				Duration.ofSeconds(20))) {
			plain.sendMessage("0123456789not encrypted");
			assertThat(plain.receiveMessage().ok()).isFalse();
			assertThat(plain.failure()).as("closed by the server, not timed out")
				.isNotInstanceOf(SocketTimeoutException.class);
		}
		await().until(() -> this.errors.counts().getOrDefault("tls", 0L) == before + 1);
	}

	@Test
	void aClientThatNeverFinishesTheHandshakeIsClosedAfterTheFrameTimeout() throws IOException {
		long before = this.errors.counts().getOrDefault("timeout", 0L);
		try (RawConnection silent = new RawConnection(this.server.getPort())) {
			silent.write(new byte[] { 0x16, 0x03, 0x01 }); // the start of a TLS record, and then nothing
			// until the server closes; its read timeout fails the test if it never does
			byte[] beforeTheClose = silent.socket().getInputStream().readAllBytes();
			assertThat(beforeTheClose).as("nothing but a TLS alert (record type 21) before the close")
				.satisfiesAnyOf((bytes) -> assertThat(bytes).isEmpty(), (bytes) -> assertThat(bytes[0]).isEqualTo((byte) 21));
		}
		await().until(() -> this.errors.counts().getOrDefault("timeout", 0L) == before + 1);
	}

	/**
	 * A TLS connection's record buffers are taken when bytes pass and released when empty: answering
	 * once on each of many connections must not leave each with buffers of its own.
	 */
	@Test
	void answeringOnManyTlsConnectionsAllocatesNoLargeBuffers() throws IOException {
		SSLContext trusting = TestCertificates.get().clientContext();
		int before = this.connections.openCount();
		List<BufferedClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < FOOTPRINT_CONNECTIONS; i++) {
				clients.add(new BufferedClient("localhost", this.server.getPort(), 1024, Duration.ZERO, trusting));
			}
			// Handshakes done and every connection admitted: what follows is the first reply on each.
			await().until(() -> this.connections.openCount() == before + FOOTPRINT_CONNECTIONS);
			ServerThreadAllocations allocations = new ServerThreadAllocations();
			for (BufferedClient client : clients) {
				client.sendMessage("0123456789small");
				assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage("small", true));
			}
			assertThat(allocations.sinceStart())
				.as("bytes the server allocated answering %d TLS connections once", FOOTPRINT_CONNECTIONS)
				.isLessThan(FOOTPRINT_CONNECTIONS * 256 * 1024L);
		}
		finally {
			clients.forEach(BufferedClient::shutdown);
		}
	}

}
