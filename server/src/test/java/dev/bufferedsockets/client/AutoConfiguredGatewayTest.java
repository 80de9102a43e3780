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
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.GatewayContext;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway the starter gives an application of its own (every application but this server),
 * against the real server: thousands of callers and calls on a few pipelined connections, calls
 * made by the callbacks of earlier ones on the reading threads, each getting exactly its own reply.
 */
@ServerTest
class AutoConfiguredGatewayTest {

	@Autowired
	private BufferedServer server;

	private GatewayContext context;

	private BufferedGateway gateway;

	@BeforeEach
	void startTheApplication() {
		this.context = GatewayContext.start(this.server.getPort());
		this.gateway = this.context.gateway();
	}

	@AfterEach
	void stopTheApplication() {
		this.context.close();
	}

	@Test
	void thousandsOfCallersOnAFewConnectionsEachGetExactlyTheirOwnReply() throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(64);
		try {
			List<Future<List<String>>> results = IntStream.range(0, 64)
				.mapToObj(caller -> callers.submit(() -> IntStream.range(0, 50)
					.mapToObj(call -> uniqueMessage(caller * 50 + call))
					.filter(message -> !this.gateway.exchange(message).equals(Texts.dropCodePoints(message, 10)))
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
		List<String> messages = IntStream.range(0, 5000).mapToObj(AutoConfiguredGatewayTest::uniqueMessage).toList();
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
		assertThat(this.gateway.exchangeReactive("0123456789 reactive 😀").block(Duration.ofSeconds(10)))
			.isEqualTo(" reactive 😀");
	}

	@Test
	void textThatCannotBeEncodedIsRefusedBeforeAnythingIsSent() {
		assertThatThrownBy(() -> this.gateway.exchange("0123456789\uD800")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unpaired surrogate");
		assertThatThrownBy(() -> this.gateway.exchangeAsync("0123456789\uD800"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unpaired surrogate");
		assertThatThrownBy(() -> this.gateway.exchange(null)).isInstanceOf(IllegalArgumentException.class);
		assertThat(this.context.meter("buffered.client.connections.open")).as("connections opened").isZero();
	}

	/**
	 * @return a message whose reply no other call's reply equals: the call's number comes after the
	 * ten code points the server drops, then text of every width
	 */
	private static String uniqueMessage(int call) {
		return Texts.mixed(10, call) + "#" + call + " " + Texts.mixed(call % 97, call);
	}

}
