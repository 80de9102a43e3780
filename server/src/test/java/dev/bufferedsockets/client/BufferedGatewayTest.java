package dev.bufferedsockets.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.bufferedsockets.gateway.BufferedGateway;
import dev.bufferedsockets.gateway.ServerUnavailableException;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.testing.Texts;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gateway as an application uses it: injected into a component of its own, pointed at the
 * server by {@code buffered.client.*}.
 */
@ServerTest
@Import(BufferedGatewayTest.GatewayUser.class)
class BufferedGatewayTest {

	@Autowired
	private GatewayUser user;

	@Autowired
	private BufferedServer server;

	@Autowired
	private BufferedGateway gateway;

	@Autowired
	private MeterRegistry meters;

	@Test
	void anInjectedGatewayGetsTheTruncatedReply() {
		assertThat(this.user.shorten("Four score and seven years ago")).isEqualTo(" and seven years ago");
	}

	@Test
	void multiByteAndLongMessagesRoundTrip() {
		String text = Texts.mixed(200_000, 7);
		assertThat(this.user.shorten(text)).isEqualTo(Texts.dropCodePoints(text, 10));
		assertThat(this.user.shorten("short")).isEmpty();
	}

	@Test
	void concurrentCallersEachGetTheirOwnReply() throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<Boolean>> results = IntStream.range(0, 200)
				.mapToObj(i -> callers.submit(() -> {
					String message = "caller " + i + " " + Texts.mixed(i, i);
					return this.user.shorten(message).equals(Texts.dropCodePoints(message, 10));
				}))
				.toList();
			for (Future<Boolean> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).as("a caller got someone else's reply").isTrue();
			}
		}
		finally {
			callers.shutdownNow();
			assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void thousandsOfCallersOnAFewConnectionsEachGetExactlyTheirOwnReply() throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(64);
		try {
			List<Future<List<String>>> results = IntStream.range(0, 64)
				.mapToObj(caller -> callers.submit(() -> IntStream.range(0, 50)
					.mapToObj(call -> uniqueMessage(caller * 50 + call))
					.filter(message -> !this.user.shorten(message).equals(Texts.dropCodePoints(message, 10)))
					.toList()))
				.toList();
			for (Future<List<String>> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).as("messages whose caller got another reply").isEmpty();
			}
		}
		finally {
			callers.shutdownNow();
			assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void thousandsOfAsynchronousCallsAtOnceEachCompleteWithTheirOwnReply() throws Exception {
		List<String> messages = IntStream.range(0, 5000).mapToObj(BufferedGatewayTest::uniqueMessage).toList();
		List<CompletableFuture<String>> calls = messages.stream().map(this.gateway::exchangeAsync).toList();
		for (int i = 0; i < calls.size(); i++) {
			assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).as("reply to call %d", i)
				.isEqualTo(Texts.dropCodePoints(messages.get(i), 10));
		}
	}

	@Test
	void callsMadeByCallbacksOnTheReadingThreadsEachGetTheirOwnReply() throws Exception {
		List<CompletableFuture<Integer>> chains = IntStream.range(0, 256).mapToObj(chain -> chain(chain, 0)).toList();
		for (int chain = 0; chain < chains.size(); chain++) {
			assertThat(chains.get(chain).get(60, TimeUnit.SECONDS)).as("calls of chain %d with their own reply", chain)
				.isEqualTo(20);
		}
	}

	/** @return how many of the chain's 20 calls, each made by the previous one's callback, got their own reply */
	private CompletableFuture<Integer> chain(int chain, int call) {
		if (call == 20) {
			return CompletableFuture.completedFuture(0);
		}
		String message = uniqueMessage(chain * 20 + call);
		return this.gateway.exchangeAsync(message)
			.thenCompose(reply -> chain(chain, call + 1)
				.thenApply(own -> own + (reply.equals(Texts.dropCodePoints(message, 10)) ? 1 : 0)));
	}

	@Test
	void aReactiveCallSendsWhenSubscribedAndGetsItsReply() {
		Mono<String> reply = this.gateway.exchangeReactive("0123456789 reactive 😀");
		assertThat(reply.block(Duration.ofSeconds(10))).isEqualTo(" reactive 😀");
	}

	@Test
	void theGatewaysMetersShowItsConnectionsAndCalls() {
		this.user.shorten("0123456789 counted");
		assertThat(this.meters.get("buffered.client.connections.open").gauge().value()).isPositive();
		assertThat(this.meters.get("buffered.client.calls.in-flight").gauge().value()).isZero();
		assertThat(this.meters.get("buffered.client.calls.waiting").gauge().value()).isZero();
		assertThat(this.meters.get("buffered.client.calls.failed").functionCounters())
			.as("one counter per cause")
			.hasSize(5);
	}

	@Test
	void anUnpairedSurrogateIsRefusedRatherThanSentAsAQuestionMark() {
		assertThatThrownBy(() -> this.user.shorten("0123456789\uD800")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unpaired surrogate");
		assertThatThrownBy(() -> this.gateway.exchangeAsync("0123456789\uD800"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unpaired surrogate");
	}

	@Test
	void aNullMessageIsRefusedBeforeAnythingIsSent() {
		assertThatThrownBy(() -> this.gateway.exchange(null)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not null");
		assertThatThrownBy(() -> this.gateway.exchangeAsync(null)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not null");
	}

	@Test
	void aServerThatIsNotListeningGivesTheCallerAClearException() {
		this.server.setKeepRunning(false);
		try {
			assertThatThrownBy(() -> this.user.shorten("0123456789 anyone there?"))
				.isInstanceOf(ServerUnavailableException.class)
				.hasMessageStartingWith("no reply from the buffered-sockets server at 127.0.0.1:" + this.server.getPort());
		}
		finally {
			this.server.setKeepRunning(true);
		}
		// Pooled connections the server closed are dropped as their readers see the close; the
		// gateway serves again without any restart.
		await().ignoreExceptions()
			.untilAsserted(() -> assertThat(this.user.shorten("0123456789 back again")).isEqualTo(" back again"));
	}

	/**
	 * @return a message whose reply no other call's reply equals: the call's number comes after the
	 * ten code points the server drops, then text of every width
	 */
	private static String uniqueMessage(int call) {
		return Texts.mixed(10, call) + "#" + call + " " + Texts.mixed(call % 97, call);
	}

	/** An application component that depends on the gateway. */
	@Component
	static class GatewayUser {

		private final BufferedGateway gateway;

		GatewayUser(BufferedGateway gateway) {
			this.gateway = gateway;
		}

		String shorten(String text) {
			return this.gateway.exchange(text);
		}

	}

}
