package dev.bufferedsockets.server;

import java.io.IOException;
import java.time.Duration;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.gateway.BufferedGateway;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.CommandLineRun;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.test.TestCertificates;
import dev.bufferedsockets.test.TestCertificates.Identity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mutual TLS with {@code client-auth: need}: a client presenting a certificate the SSL bundle's trust
 * store trusts is served, and its subject is shown with its connection; a client without one never
 * gets a reply, and the failure is counted. The gateway and the command line present certificates.
 */
@ServerTest
class ClientCertificateTest {

	@Autowired
	private BufferedServer server;

	@Autowired
	private BufferedGateway gateway;

	@Autowired
	private ConnectionTracker connections;

	@Autowired
	private ConnectionErrors errors;

	@Autowired
	private Actuator actuator;

	@DynamicPropertySource
	static void mutualTls(DynamicPropertyRegistry properties) {
		TestCertificates certificates = TestCertificates.get();
		Identity client = certificates.client();
		Identity server = certificates.server();
		properties.add("spring.ssl.bundle.pem.tcp-server.keystore.certificate", () -> server.certificate().toUri().toString());
		properties.add("spring.ssl.bundle.pem.tcp-server.keystore.private-key", () -> server.privateKey().toUri().toString());
		properties.add("spring.ssl.bundle.pem.tcp-server.truststore.certificate",
				() -> client.certificate().toUri().toString());
		properties.add("buffered.server.ssl-bundle", () -> "tcp-server");
		properties.add("buffered.server.client-auth", () -> "need");
		properties.add("spring.ssl.bundle.pem.tcp-client.keystore.certificate",
				() -> client.certificate().toUri().toString());
		properties.add("spring.ssl.bundle.pem.tcp-client.keystore.private-key",
				() -> client.privateKey().toUri().toString());
		properties.add("spring.ssl.bundle.pem.tcp-client.truststore.certificate",
				() -> certificates.certificate().toUri().toString());
		properties.add("buffered.client.ssl-bundle", () -> "tcp-client");
		properties.add("buffered.client.host", () -> "localhost");
	}

	@Test
	void aClientWithATrustedCertificateIsServedAndItsSubjectIsShownWithItsConnection() throws Exception {
		Identity client = TestCertificates.get().client();
		try (BufferedClient tls = new BufferedClient("localhost", this.server.getPort(), 1024, Duration.ofSeconds(20),
				TestCertificates.get().clientContext(client))) {
			tls.sendMessage("0123456789with my certificate");
			assertThat(tls.receiveMessage()).isEqualTo(new ReceivedMessage("with my certificate", true));
			assertThat(this.connections.openConnections())
				.filteredOn((connection) -> connection.remotePort() == tls.localPort())
				.singleElement()
				.extracting(ConnectionInfo::clientCertificate)
				.isEqualTo(client.subject());
			JsonNode status = this.actuator.read("/actuator/tcpserver", ServerTest.USER, ServerTest.PASSWORD);
			assertThat(status.path("connections").findValuesAsString("clientCertificate")).contains(client.subject());
		}
	}

	@Test
	void aClientWithoutACertificateGetsNoReplyAndTheRefusalIsCounted() throws IOException {
		long before = this.errors.counts().getOrDefault("tls", 0L);
		BufferedClient anonymous;
		try {
			anonymous = new BufferedClient("localhost", this.server.getPort(), 1024, Duration.ofSeconds(20),
					TestCertificates.get().clientContext());
		}
		catch (IOException refusedInTheHandshake) {
			anonymous = null; // TLS 1.2 fails here; TLS 1.3 on the first read
		}
		if (anonymous != null) {
			try (BufferedClient client = anonymous) {
				client.sendMessage("0123456789no certificate");
				assertThat(client.receiveMessage().ok()).as("a reply to a client without a certificate").isFalse();
			}
		}
		await().until(() -> this.errors.counts().getOrDefault("tls", 0L) == before + 1);
	}

	@Test
	void theGatewayPresentsTheCertificateOfItsSslBundle() {
		assertThat(this.gateway.exchange("0123456789the gateway's own")).isEqualTo("the gateway's own");
	}

	@Test
	void theCommandLinePresentsAClientCertificate() {
		Identity client = TestCertificates.get().client();
		CommandLineRun run = CommandLineRun.run("", "client", "--tls", "--ca-cert=" + TestCertificates.get().certificate(),
				"--client-cert=" + client.certificate(), "--client-key=" + client.privateKey(), "--host=localhost",
				"--port=" + this.server.getPort(), "0123456789mutual");
		assertThat(run.stderr()).isEmpty();
		assertThat(run.exitCode()).isZero();
		assertThat(run.stdout()).isEqualTo("mutual" + System.lineSeparator());
	}

}
