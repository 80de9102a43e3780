package dev.bufferedsockets.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.gateway.ServerUnavailableException;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.FaultNetwork;
import dev.bufferedsockets.support.GatewayContext;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.test.FreePorts;
import dev.bufferedsockets.test.ServerProcess;
import dev.bufferedsockets.test.TestCertificates;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Faults that cross a real link: the packaged server in a network namespace of the test's own
 * ({@link FaultNetwork}), its clients (pipelining {@code BufferedClient}s, the gateway) in the
 * test's namespace, every reply checked by content; on plain TCP and on TLS (with a certificate
 * for the namespace's address). Skipped, with the reason, where namespaces cannot be made (not
 * root, no iproute2).
 */
class NetworkFaultsIT {

	private static final String PASSWORD = "faults-test";

	@TempDir
	Path work;

	private FaultNetwork network;

	private final List<ServerProcess> servers = new ArrayList<>();

	private final ExecutorService callers = Executors.newFixedThreadPool(8);

	/** The server's certificate on TLS, naming the namespace's address; made when a test first needs it. */
	private TestCertificates.Identity certificate;

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

	@ParameterizedTest
	@EnumSource(ServerTransport.class)
	void aSlowLinkDeliversEveryReplyInOrderAndASlowButMovingFrameIsNeverTimedOut(ServerTransport transport)
			throws Exception {
		// A queue long enough for TCP's window: the link is slow, not lossy (netem is missing here).
		this.network.limit("512kbit", "2s");
		int tcpPort = FreePorts.freePort();
		ServerProcess server = startServer(transport, tcpPort, "--buffered.server.frame-timeout=2s");
		List<String> messages = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			messages.add(String.format("%010d", i) + Texts.mixed(90_000, i)); // ~150 KB: over 2 s each at 512 kbit/s
		}
		try (BufferedClient client = new BufferedClient(this.network.serverAddress(), tcpPort, 4096,
				Duration.ofSeconds(60), clientContext(transport))) {
			messages.forEach(client::sendMessage); // pipelined
			for (String message : messages) {
				assertThat(client.receiveMessage()).as(server::log)
					.isEqualTo(new ReceivedMessage(Texts.dropCodePoints(message, 10), true));
			}
		}
		assertThat(server.log()).doesNotContain("frame-timeout");
	}

	@ParameterizedTest
	@EnumSource(ServerTransport.class)
	void aCutLinkFailsGatewayCallsInTimeFreesTheServersConnectionAndHealsWithoutARestart(ServerTransport transport)
			throws Exception {
		int tcpPort = FreePorts.freePort();
		int httpPort = FreePorts.freePort();
		ServerProcess server = startServer(transport, tcpPort, "--server.port=" + httpPort,
				"--buffered.server.keepalive=2s");
		Actuator actuator = new Actuator(httpPort, this.network.serverAddress());
		try (GatewayContext gateway = gateway(transport, tcpPort, "buffered.client.pool-size=2")) {
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

	@ParameterizedTest
	@EnumSource(ServerTransport.class)
	void gatewayCallersRecoverByThemselvesFromAServerKilledMidStreamAndStartedAgain(ServerTransport transport)
			throws Exception {
		int tcpPort = FreePorts.freePort();
		ServerProcess first = startServer(transport, tcpPort);
		try (GatewayContext gateway = gateway(transport, tcpPort)) {
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
			startServer(transport, tcpPort);
			for (Future<?> loop : loops) {
				loop.get(120, TimeUnit.SECONDS); // nothing hangs
			}
			assertThat(wrong).as("replies that were not the caller's own").hasValue(0);
			assertThat(gateway.gateway().exchange("0123456789 after the restart")).isEqualTo(" after the restart");
		}
	}

	private ServerProcess startServer(ServerTransport transport, int tcpPort, String... arguments) throws Exception {
		List<String> args = new ArrayList<>(List.of("--buffered.server.port=" + tcpPort,
				"--buffered.server.bind-address=0.0.0.0", "--spring.security.user.password=" + PASSWORD));
		settings(transport).forEach((name, value) -> args.add("--" + name + "=" + value));
		args.addAll(List.of(arguments));
		ServerProcess server = ServerProcess.start(
				this.network.inNamespace(ServerProcess.packagedServer().arguments(args.toArray(String[]::new)).command()),
				this.work.resolve("server-" + this.servers.size() + ".log"), Duration.ofSeconds(120));
		this.servers.add(server);
		return server;
	}

	/** A gateway of the test's own calling the server through the link, its calls timing out after 2 s. */
	private GatewayContext gateway(ServerTransport transport, int tcpPort, String... settings) {
		List<String> properties = new ArrayList<>();
		settings(transport).forEach((name, value) -> properties.add(name + "=" + value));
		properties.add("buffered.client.host=" + this.network.serverAddress());
		properties.add("buffered.client.timeout=2s");
		properties.addAll(List.of(settings));
		return GatewayContext.start(tcpPort, properties.toArray(String[]::new));
	}

	/** The server's and the gateway's settings for {@code transport}; on TLS with {@link #certificate()}. */
	private Map<String, String> settings(ServerTransport transport) {
		return transport.properties((transport == ServerTransport.TLS) ? certificate() : null);
	}

	private SSLContext clientContext(ServerTransport transport) {
		return (transport == ServerTransport.TLS) ? TestCertificates.trusting(certificate()) : null;
	}

	private TestCertificates.Identity certificate() {
		if (this.certificate == null) {
			this.certificate = TestCertificates.get().serverAt(this.network.serverAddress());
		}
		return this.certificate;
	}

	private static long openConnections(Actuator actuator) throws Exception {
		return actuator.read("/actuator/tcpserver", "user", PASSWORD).get("openConnections").asLong();
	}

}
