package dev.bufferedsockets.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.test.FreePorts;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.test.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged server with few file descriptors ({@code prlimit --nofile}) and more clients than
 * it can hold: the listener survives, refuses and counts the surplus with one log line for the
 * burst, health says so while it lasts, and it serves again by itself once descriptors are free.
 * Plain TCP and TLS share the accept loop; the surplus clients need not get as far as a handshake.
 */
class DescriptorExhaustionIT {

	private static final int DESCRIPTORS = 320;

	private static final int CLIENTS = 600;

	private static final String PASSWORD = "exhaustion-test";

	@TempDir
	Path work;

	private ServerProcess server;

	private final List<Socket> clients = new ArrayList<>();

	@AfterEach
	void closeEverything() throws IOException {
		for (Socket client : this.clients) {
			client.close();
		}
		this.clients.clear();
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(ServerTransport.class)
	void runningOutOfDescriptorsRefusesTheSurplusAndTheListenerComesBackByItself(ServerTransport transport)
			throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit (util-linux) is not installed");
		int httpPort = FreePorts.freePort();
		List<String> command = new ArrayList<>(List.of("/usr/bin/prlimit", "--nofile=" + DESCRIPTORS + ":" + DESCRIPTORS));
		command.addAll(ServerProcess.packagedServer()
			.arguments("--server.port=" + httpPort, "--spring.security.user.password=" + PASSWORD)
			.arguments(transport.arguments())
			.command());
		this.server = ServerProcess.start(command, this.work.resolve("server.log"), Duration.ofSeconds(120));
		Actuator actuator = new Actuator(httpPort);
		await().ignoreExceptions().until(() -> actuator.get("/actuator/health", null, null).statusCode() == 200);

		for (int i = 0; i < CLIENTS; i++) {
			connect();
		}
		// Health reports a failure while accepts keep failing: one more client per poll keeps it so.
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
			connect();
			JsonNode health = Actuator.json(actuator.get("/actuator/health", "user", PASSWORD)); // 503 while DOWN
			assertThat(health.at("/components/tcpServer/status").asString()).isEqualTo("DOWN");
			assertThat(health.at("/components/tcpServer/details/acceptFailure").asString()).contains("Too many open files");
		});
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> refusedCount(actuator) > 0);
		connect();
		assertThat(actuator.get("/actuator/health/readiness", null, null).statusCode()).as("readiness").isEqualTo(503);
		assertThat(actuator.get("/actuator/health/liveness", null, null).statusCode()).as("liveness").isEqualTo(200);

		for (Socket client : this.clients) {
			client.close();
		}
		this.clients.clear();
		// Until the server has noticed: a connection it refuses meanwhile fails (on TLS, in the handshake).
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
			try (BufferedClient client = transport.client(this.server.port())) {
				client.sendMessage("0123456789 served again");
				assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(" served again", true));
			}
		});
		await().atMost(Duration.ofSeconds(60))
			.until(() -> actuator.get("/actuator/health/readiness", null, null).statusCode() == 200);
		try (BufferedClient client = transport.client(this.server.port())) {
			client.sendMessage("0123456789 after the quiet period"); // the connection that reports the end of the burst
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(" after the quiet period", true));
		}

		String log = this.server.log();
		assertThat(log.lines().filter(line -> line.contains("Cannot accept connections"))).as("one line for the burst")
			.hasSize(1);
		assertThat(log).contains("Accepting connections again on port " + this.server.port())
			.doesNotContain("stopped listening")
			.doesNotContain("Error on the listening socket");
		assertThat(this.server.isAlive()).isTrue();
	}

	private void connect() throws IOException {
		Socket client = new Socket();
		this.clients.add(client);
		client.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 10_000);
	}

	private static long refusedCount(Actuator actuator) throws IOException, InterruptedException {
		return actuator.read("/actuator/tcpserver", "user", PASSWORD).at("/errors/accept-failed").asLong(0);
	}

}
