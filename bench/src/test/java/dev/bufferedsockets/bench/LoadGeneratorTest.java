package dev.bufferedsockets.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.test.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The load generator against the real server for about a second: figures that add up and every
 * reply verified. Nothing here is timed: benchmarks measure speed, tests check the counts.
 */
class LoadGeneratorTest {

	private static final Duration SHORT = Duration.ofMillis(800);

	private static final Duration WARMUP = Duration.ofMillis(200);

	/** The packaged server, as the load generator meets it in a benchmark. */
	private static ServerProcess server;

	private final ExecutorService fakeServerThreads = Executors.newCachedThreadPool();

	@BeforeAll
	static void startServer() throws IOException {
		server = ServerProcess.packagedServer().start();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@AfterEach
	void stopFakeServer() throws InterruptedException {
		this.fakeServerThreads.shutdownNow();
		assertThat(this.fakeServerThreads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void pipelinedRunAgainstTheServerVerifiesEveryReplyAndCountsConsistently() throws Exception {
		BenchResult result = new LoadGenerator().run(settings(server.port(), 4, 100, 16, PayloadText.MIXED),
				ProgressListener.NONE);

		assertThat(result.errors()).as("errors: %s", result.errorSamples()).isZero();
		assertThat(result.messages()).isPositive();
		assertThat(result.latencyMicros().count()).as("one latency per verified reply").isEqualTo(result.messages());
		assertThat(result.messagesPerSecond()).isEqualTo(result.messages() / result.seconds());
		assertThat(result.megabytesPerSecond()).isEqualTo(result.messages() * 100 / result.seconds() / 1e6);
		assertThat(result.latencyMicros().p50()).isPositive()
			.isLessThanOrEqualTo(result.latencyMicros().p99())
			.isLessThanOrEqualTo(result.latencyMicros().max());
		assertThat(result.cpu().server()).as("no server pid given").isNull();
	}

	@Test
	void serverCpuIsReportedWhenItsPidIsKnown() throws Exception {
		long pid = server.pid();
		BenchResult result = new LoadGenerator().run(settings(server.port(), 1, 64, 1, PayloadText.ASCII)
			.withTarget("127.0.0.1", server.port(), pid), ProgressListener.NONE);

		assertThat(result.errors()).isZero();
		assertThat(result.cpu().server()).isNotNull().isPositive();
		assertThat(result.cpu().generatorThreads()).isPositive();
	}

	@Test
	void aServerThatEchoesWithoutTruncatingIsCaughtAsErrors() throws Exception {
		try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			this.fakeServerThreads.submit(() -> echoForever(echo));

			BenchResult result = new LoadGenerator().run(settings(echo.getLocalPort(), 1, 64, 1, PayloadText.ASCII),
					ProgressListener.NONE);

			assertThat(result.errors()).isEqualTo(1);
			assertThat(result.errorSamples()).singleElement().asString().contains("reply 0 announces 64 bytes, expected 54");
			assertThat(result.messages()).isZero();
		}
	}

	@Test
	void noServerAtAllFailsAtOnceNamingTheTarget() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}

		assertThatThrownBy(() -> new LoadGenerator().run(settings(closedPort, 2, 64, 1, PayloadText.ASCII),
				ProgressListener.NONE))
			.isInstanceOf(IOException.class)
			.hasMessageContaining("cannot connect to 127.0.0.1:" + closedPort);
	}

	private static BenchSettings settings(int port, int connections, int size, int depth, PayloadText text) {
		return new BenchSettings("127.0.0.1", port, connections, size, depth, SHORT, WARMUP, text, 1, 0, 10);
	}

	private static Void echoForever(ServerSocket listener) throws IOException {
		try (Socket socket = listener.accept()) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			byte[] buffer = new byte[4096];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				out.write(buffer, 0, n);
			}
		}
		return null;
	}

}
