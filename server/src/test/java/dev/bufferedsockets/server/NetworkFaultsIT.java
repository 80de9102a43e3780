package dev.bufferedsockets.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.gateway.ServerUnavailableException;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.FaultNetwork;
import dev.bufferedsockets.support.GatewayContext;
import dev.bufferedsockets.test.FreePorts;
import dev.bufferedsockets.test.ServerProcess;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Faults that cross a real link: the packaged server in a network namespace of the test's own
 * ({@link FaultNetwork}), its clients (pipelining {@code BufferedClient}s, the gateway) in the
 * test's namespace, every reply checked by content. Skipped, with the reason, where namespaces
 * cannot be made (not root, no iproute2).
 */
class NetworkFaultsIT {

	private static final String PASSWORD = "faults-test";

	@TempDir
	Path work;

	private FaultNetwork network;

	private final List<ServerProcess> servers = new ArrayList<>();

	private final ExecutorService callers = Executors.newFixedThreadPool(8);

	@BeforeEach
	void createNetwork() throws Exception {
		this.network = FaultNetwork.create();
	}

	@AfterEach
	void removeEverything() throws Exception {
		this.callers.shutdownNow();
		this.callers.awaitTermination(30, TimeUnit.SECONDS);
		for (ServerProcess server : this.servers) {
			server.close();
		}
		if (this.network != null) {
			this.network.close();
		}
	}

	@Test
	void aSlowLinkDeliversEveryReplyInOrderAndASlowButMovingFrameIsNeverTimedOut() throws Exception {
		// A queue long enough for TCP's window: the link is slow, not lossy (netem is missing here).
		this.network.limit("512kbit", "2s");
		int tcpPort = FreePorts.freePort();
		ServerProcess server = startServer(tcpPort, "--buffered.server.frame-timeout=2s");
		List<String> messages = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			messages.add(String.format("%010d", i) + Texts.mixed(90_000, i)); // ~150 KB: over 2 s each at 512 kbit/s
		}
		try (BufferedClient client = new BufferedClient(this.network.serverAddress(), tcpPort, 4096,
				Duration.ofSeconds(60))) {
			messages.forEach(client::sendMessage); // pipelined
			for (String message : messages) {
				assertThat(client.receiveMessage()).as(server::log)
					.isEqualTo(new ReceivedMessage(Texts.dropCodePoints(message, 10), true));
			}
		}
		assertThat(server.log()).doesNotContain("frame-timeout");
	}

	@Test
	void aCutLinkFailsGatewayCallsInTimeFreesTheServersConnectionAndHealsWithoutARestart() throws Exception {
		int tcpPort = FreePorts.freePort();
		int httpPort = FreePorts.freePort();
		ServerProcess server = startServer(tcpPort, "--server.port=" + httpPort, "--buffered.server.keepalive=2s");
		Actuator actuator = new Actuator(httpPort, this.network.serverAddress());
		try (GatewayContext gateway = GatewayContext.start(tcpPort, "buffered.client.host=" + this.network.serverAddress(),
				"buffered.client.timeout=2s", "buffered.client.pool-size=2")) {
			assertThat(gateway.gateway().exchange("0123456789 before the cut")).isEqualTo(" before the cut");
			assertThat(openConnections(actuator)).isEqualTo(1);

			this.network.cut();
			Future<?> call = this.callers.submit(() -> gateway.gateway().exchange("0123456789 during the cut"));
			await().atMost(Duration.ofSeconds(30)).until(call::isDone);
			assertThatThrownBy(call::get).hasCauseInstanceOf(ServerUnavailableException.class);
			// The server's side of the first connection hears nothing either: keepalive (2 s of
			// silence, then three probes) finds the client gone, and the server closes it and says so.
			await().atMost(Duration.ofSeconds(30)).until(() -> server.log().contains("Closing connection"));
			this.network.heal();

			await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
				.untilAsserted(() -> assertThat(gateway.gateway().exchange("0123456789 healed")).isEqualTo(" healed"));
		}
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> openConnections(actuator) == 0);
		assertThat(actuator.read("/actuator/tcpserver", "user", PASSWORD).at("/errors/timeout").asLong())
			.as("the connection keepalive freed, counted").isEqualTo(1);
	}

	@Test
	void gatewayCallersRecoverByThemselvesFromAServerKilledMidStreamAndStartedAgain() throws Exception {
		int tcpPort = FreePorts.freePort();
		ServerProcess first = startServer(tcpPort);
		try (GatewayContext gateway = GatewayContext.start(tcpPort, "buffered.client.host=" + this.network.serverAddress(),
				"buffered.client.timeout=2s")) {
			AtomicInteger failures = new AtomicInteger();
			AtomicInteger wrong = new AtomicInteger();
			List<Future<?>> loops = new ArrayList<>();
			for (int caller = 0; caller < 4; caller++) {
				int id = caller;
				loops.add(this.callers.submit(() -> {
					for (int n = 0; n < 200 && !Thread.currentThread().isInterrupted(); n++) {
						String text = String.format("%03d%07d caller %d call %d", id, n, id, n);
						try {
							if (!gateway.gateway().exchange(text).equals(Texts.dropCodePoints(text, 10))) {
								wrong.incrementAndGet();
							}
						}
						catch (ServerUnavailableException ex) {
							failures.incrementAndGet();
						}
					}
					return null;
				}));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> first.log().contains("Listening"));
			first.process().destroyForcibly(); // SIGKILL: no drain, no FIN for calls in flight on some sockets
			first.process().waitFor(30, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(30)).until(() -> failures.get() > 0);
			startServer(tcpPort);
			for (Future<?> loop : loops) {
				loop.get(120, TimeUnit.SECONDS); // nothing hangs
			}
			assertThat(wrong).as("replies that were not the caller's own").hasValue(0);
			assertThat(gateway.gateway().exchange("0123456789 after the restart")).isEqualTo(" after the restart");
		}
	}

	private ServerProcess startServer(int tcpPort, String... arguments) throws Exception {
		List<String> args = new ArrayList<>(List.of("--buffered.server.port=" + tcpPort,
				"--buffered.server.bind-address=0.0.0.0", "--spring.security.user.password=" + PASSWORD));
		args.addAll(List.of(arguments));
		ServerProcess server = ServerProcess.start(
				this.network.inNamespace(ServerProcess.packagedServer().arguments(args.toArray(String[]::new)).command()),
				this.work.resolve("server-" + this.servers.size() + ".log"), Duration.ofSeconds(120));
		this.servers.add(server);
		return server;
	}

	private static long openConnections(Actuator actuator) throws Exception {
		return actuator.read("/actuator/tcpserver", "user", PASSWORD).get("openConnections").asLong();
	}

}
