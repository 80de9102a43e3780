package dev.bufferedsockets.client;

import dev.bufferedsockets.gateway.ServerUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.bufferedsockets.support.BackgroundTask;
import dev.bufferedsockets.support.GatewayContext;
import dev.bufferedsockets.support.ScriptedServer;
import dev.bufferedsockets.test.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.integration.ip.tcp.connection.TcpConnectionFailedEvent;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against scripted servers that misbehave in the ways a real one can: closing pooled
 * connections between calls or with calls in flight, never replying, replying late. Each call must
 * end with its own reply or a clear {@link ServerUnavailableException}, never hang, never get
 * another call's reply.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayConnectionFailuresTest {

	private ScriptedServer server;

	private GatewayContext gateway;

	@AfterEach
	void closeEverything() throws Exception {
		if (this.gateway != null) {
			this.gateway.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void aPooledConnectionTheServerClosedIsReplacedWithoutFailingTheCallOrLoggingAnError(CapturedOutput output)
			throws Exception {
		this.server = ScriptedServer.start((connection, number) -> {
			connection.answer(connection.read());
			connection.close();
		});
		this.gateway = GatewayContext.start(this.server.port(), "buffered.client.pool-size=2");
		for (int call = 0; call < 6; call++) {
			assertThat(this.gateway.gateway().exchange("0123456789call " + call)).isEqualTo("call " + call);
		}
		assertThat(this.server.connections()).isEqualTo(6);
		assertThat(output.getAll()).as("log of calls that all succeeded").doesNotContain("ERROR").doesNotContain("WARN");
	}

	@Test
	void aServerThatNeverRepliesGivesAClearFailureAfterTheTimeoutAndTheConnectionIsClosed(CapturedOutput output)
			throws Exception {
		this.server = ScriptedServer.start((connection, number) -> connection.awaitClientClose());
		this.gateway = GatewayContext.start(this.server.port(), "buffered.client.timeout=300ms");
		assertThatThrownBy(() -> this.gateway.gateway().exchange("0123456789 hello?"))
			.isInstanceOf(ServerUnavailableException.class)
			.hasMessageStartingWith("no reply from the buffered-sockets server at 127.0.0.1:" + this.server.port())
			.hasMessageContaining("no reply within 300 ms");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.server.closedByClient()).isEqualTo(1));
		assertThat(output.getAll().lines().filter(line -> line.contains("WARN") || line.contains("ERROR")))
			.as("the failed call's log: one line, no stack trace")
			.singleElement(as(STRING))
			.contains("WARN", "BufferedGateway call failed: no reply from the buffered-sockets server at 127.0.0.1:");
		assertThat(output.getAll()).doesNotContain("\tat ");
		assertThat(this.gateway.meter("buffered.client.calls.failed", "cause", "timeout")).isEqualTo(1);
	}

	@Test
	void callsThatFailTheSameWayAreLoggedAtMostOnceASecondEachLineCountingTheCallsItStandsFor(CapturedOutput output) {
		this.gateway = GatewayContext.start(FreePorts.freePort()); // nothing listens: every connection is refused
		AtomicInteger calls = new AtomicInteger();
		// One caller fails call after call until a line stands for more calls than its own.
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			assertThatThrownBy(() -> this.gateway.gateway().exchange("0123456789 anyone?"))
				.isInstanceOf(ServerUnavailableException.class);
			calls.incrementAndGet();
			return failureLines(output).stream().anyMatch(line -> line.contains("more calls failed"));
		});
		List<String> lines = failureLines(output);
		assertThat(lines).as("the first failure at once, the next line a second later for all since").hasSize(2);
		assertThat(lines.get(0)).doesNotContain("more calls failed");
		Matcher more = Pattern.compile("\\(and (\\d+) more calls failed with cause connect-failed since the last such line\\)$")
			.matcher(lines.get(1));
		assertThat(more.find()).as(lines.get(1)).isTrue();
		assertThat(2 + Long.parseLong(more.group(1))).as("calls the two lines stand for").isEqualTo(calls.get());
		assertThat(calls.get()).as("calls made in the second between the lines").isGreaterThan(2);
		assertThat(this.gateway.meter("buffered.client.calls.failed", "cause", "connect-failed")).isEqualTo(calls.get());
	}

	@Test
	void aServerThatIsDownIsTriedAgainAfterAPauseRatherThanOnEveryCallAndUsedSoonAfterItComesBack() throws Exception {
		int port = FreePorts.freePort(); // nothing listens yet: every connection is refused
		this.gateway = GatewayContext.start(port, "buffered.client.pool-size=1");
		AtomicInteger attempts = new AtomicInteger();
		this.gateway.listen(TcpConnectionFailedEvent.class, failed -> attempts.incrementAndGet());
		long started = System.nanoTime();
		for (int call = 0; call < 200; call++) {
			assertThatThrownBy(() -> this.gateway.gateway().exchange("0123456789 anyone?"))
				.isInstanceOf(ServerUnavailableException.class)
				.hasMessageEndingWith("Connection refused");
		}
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		assertThat(attempts.get()).as("connection attempts for 200 calls in %d ms: the first, then at most one per 50 ms",
				elapsedMillis)
			.isBetween(1, 1 + (int) (elapsedMillis / 50));
		assertThat(this.gateway.meter("buffered.client.calls.failed", "cause", "connect-failed")).isEqualTo(200);

		this.server = ScriptedServer.start(port, ScriptedServer.answering());
		await().atMost(Duration.ofSeconds(10))
			.ignoreException(ServerUnavailableException.class)
			.untilAsserted(() -> assertThat(this.gateway.gateway().exchange("0123456789 back")).isEqualTo(" back"));
	}

	private static List<String> failureLines(CapturedOutput output) {
		return output.getAll().lines().filter(line -> line.contains("BufferedGateway call failed")).toList();
	}

	@Test
	void aConnectionLostWithCallsInFlightSendsExactlyThoseCallsOnceMoreOnANewConnection() throws Exception {
		this.server = ScriptedServer.start((connection, number) -> {
			if (number == 1) {
				List<String> requests = readAll(connection, 20);
				for (String request : requests.subList(0, 5)) {
					connection.answer(request);
				}
				connection.close();
			}
			else {
				ScriptedServer.answering().run(connection, number);
			}
		});
		this.gateway = GatewayContext.start(this.server.port(), "buffered.client.pool-size=1");
		List<CompletableFuture<String>> calls = callsAtOnce(20);
		for (int i = 0; i < calls.size(); i++) {
			assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).as("reply to call %d", i).isEqualTo("call " + i);
		}
		for (int i = 0; i < 20; i++) {
			assertThat(this.server.timesReceived("0123456789call " + i)).as("times call %d reached the server", i)
				.isEqualTo((i < 5) ? 1 : 2);
		}
		assertThat(this.server.connections()).isEqualTo(2);
		assertThat(this.gateway.meter("buffered.client.calls.retried")).isEqualTo(15);
		assertThat(this.gateway.meter("buffered.client.connections.open")).isEqualTo(1);
		assertThat(this.gateway.meter("buffered.client.calls.in-flight")).isZero();
	}

	@Test
	void aConnectionLostWithCallsInFlightFailsExactlyThoseCallsWhenNoNewConnectionOpens() throws Exception {
		this.server = ScriptedServer.start((connection, number) -> {
			List<String> requests = readAll(connection, 20);
			for (String request : requests.subList(0, 5)) {
				connection.answer(request);
			}
			this.server.stopListening();
			connection.close();
		});
		this.gateway = GatewayContext.start(this.server.port(), "buffered.client.pool-size=1");
		List<CompletableFuture<String>> calls = callsAtOnce(20);
		for (int i = 0; i < 5; i++) {
			assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("call " + i);
		}
		for (int i = 5; i < 20; i++) {
			CompletableFuture<String> call = calls.get(i);
			assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).as("call %d, in flight when the connection closed", i)
				.cause()
				.isInstanceOf(ServerUnavailableException.class)
				.hasMessageStartingWith("no reply from the buffered-sockets server at 127.0.0.1:" + this.server.port());
		}
		assertThat(this.gateway.meter("buffered.client.calls.failed", "cause", "connect-failed")).isEqualTo(15);
		assertThat(this.gateway.meter("buffered.client.calls.in-flight")).isZero();
	}

	@Test
	void aCallWhoseConnectionIsLostTwiceFails() throws Exception {
		this.server = ScriptedServer.start((connection, number) -> {
			connection.read();
			connection.close();
		});
		this.gateway = GatewayContext.start(this.server.port(), "buffered.client.pool-size=1");
		assertThatThrownBy(() -> this.gateway.gateway().exchange("0123456789 twice"))
			.isInstanceOf(ServerUnavailableException.class)
			.hasMessageContaining("the connection was lost before the reply came, twice");
		assertThat(this.server.timesReceived("0123456789 twice")).isEqualTo(2);
		assertThat(this.gateway.meter("buffered.client.calls.failed", "cause", "connection-lost")).isEqualTo(1);
	}

	@Test
	void aReplyThatComesAfterItsCallTimedOutIsNeverGivenToTheNextCall() throws Exception {
		CountDownLatch firstCallFailed = new CountDownLatch(1);
		this.server = ScriptedServer.start((connection, number) -> {
			if (number == 1) {
				String first = connection.read();
				firstCallFailed.await(10, TimeUnit.SECONDS);
				try {
					connection.answer(first); // late: the gateway has closed this connection
				}
				catch (IOException closed) {
					// as it should be
				}
				connection.awaitClientClose();
			}
			else {
				ScriptedServer.answering().run(connection, number);
			}
		});
		this.gateway = GatewayContext.start(this.server.port(), "buffered.client.pool-size=1",
				"buffered.client.timeout=300ms");
		assertThatThrownBy(() -> this.gateway.gateway().exchange("0123456789first"))
			.isInstanceOf(ServerUnavailableException.class)
			.hasMessageContaining("no reply within 300 ms");
		firstCallFailed.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.closedByClient() == 1);
		assertThat(this.gateway.gateway().exchange("0123456789second")).isEqualTo("second");
		assertThat(this.gateway.gateway().exchangeAsync("0123456789third").get(10, TimeUnit.SECONDS)).isEqualTo("third");
		assertThat(this.server.connections()).as("the late reply's connection was not used again").isEqualTo(2);
	}

	@Test
	void callersWaitForRoomWhileEveryConnectionIsFullThenTimeOut() throws Exception {
		CountDownLatch testOver = new CountDownLatch(1);
		this.server = deaf(testOver);
		this.gateway = GatewayContext.start(this.server.port(), "buffered.client.pool-size=1",
				"buffered.client.max-in-flight=2", "buffered.client.timeout=1s");
		try {
			List<CompletableFuture<String>> inFlight = callsAtOnce(2);
			try (BackgroundTask<String> waiting = BackgroundTask.start("caller",
					() -> this.gateway.gateway().exchange("0123456789 waits for room"))) {
				await().atMost(Duration.ofSeconds(5))
					.until(() -> this.gateway.meter("buffered.client.calls.waiting") == 1);
				assertThat(waiting.isDone()).as("a caller with no room has returned").isFalse();
				assertThat(this.gateway.meter("buffered.client.calls.in-flight")).isEqualTo(2);
				// It fails waiting for room, or, if the calls ahead time out a moment sooner, on the
				// connection opened for it: both within the timeout.
				assertThatThrownBy(() -> waiting.get(Duration.ofSeconds(10))).cause()
					.isInstanceOf(ServerUnavailableException.class)
					.hasMessageContaining("within 1000 ms");
			}
			for (CompletableFuture<String> call : inFlight) {
				assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause()
					.isInstanceOf(ServerUnavailableException.class)
					.hasMessageContaining("no reply within 1000 ms");
			}
		}
		finally {
			testOver.countDown();
		}
	}

	@Test
	void theGatewayHoldsNoMoreThanItsPlacesAndItsQueueHoweverManyCallsAreMade() throws Exception {
		CountDownLatch testOver = new CountDownLatch(1);
		this.server = deaf(testOver);
		this.gateway = GatewayContext.start(this.server.port(), "buffered.client.pool-size=1",
				"buffered.client.max-in-flight=4", "buffered.client.max-waiting=8", "buffered.client.timeout=2s",
				"logging.level.dev.bufferedsockets.gateway=ERROR");
		try {
			List<CompletableFuture<String>> calls = callsAtOnce(1000);
			assertThat(calls.stream().filter(CompletableFuture::isCompletedExceptionally))
				.as("calls refused at once: neither in flight nor waiting")
				.hasSize(1000 - 4 - 8)
				.allSatisfy(call -> assertThatThrownBy(call::join).cause()
					.isInstanceOf(ServerUnavailableException.class)
					.hasMessageContaining("no room"));
			assertThat(this.gateway.meter("buffered.client.calls.in-flight")).isEqualTo(4);
			assertThat(this.gateway.meter("buffered.client.calls.waiting")).isEqualTo(8);
			assertThat(this.gateway.meter("buffered.client.calls.failed", "cause", "no-room")).isEqualTo(988);
		}
		finally {
			testOver.countDown();
		}
	}

	/** @return a server that accepts connections and never reads from them, until {@code released} */
	private static ScriptedServer deaf(CountDownLatch released) throws Exception {
		return ScriptedServer.start((connection, number) -> released.await(30, TimeUnit.SECONDS));
	}

	private List<CompletableFuture<String>> callsAtOnce(int count) {
		return IntStream.range(0, count)
			.mapToObj(i -> this.gateway.gateway().exchangeAsync("0123456789call " + i))
			.toList();
	}

	private static List<String> readAll(ScriptedServer.Connection connection, int count) throws Exception {
		List<String> requests = new ArrayList<>();
		while (requests.size() < count) {
			requests.add(connection.read());
		}
		return requests;
	}

}
