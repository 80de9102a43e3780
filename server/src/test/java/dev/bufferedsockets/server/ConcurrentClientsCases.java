package dev.bufferedsockets.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.PipelinedExchange;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.support.TestThreads;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two hundred clients at once, each pipelining frames of random length (0 to 64 KiB) and random
 * text from every Unicode plane: every reply is checked exactly, and no connection is left over.
 * The subclasses pick the transport.
 */
abstract class ConcurrentClientsCases {

	private static final int CLIENTS = 200;

	private static final int FRAMES_PER_CLIENT = 12;

	private static final int MAX_FRAME_BYTES = 64 * 1024;

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	@Autowired
	private ConnectionTracker connections;

	@Autowired
	private TrafficMeters traffic;

	@RegisterExtension
	final TestThreads threads = new TestThreads();

	ConcurrentClientsCases(ServerTransport transport) {
		this.transport = transport;
	}

	@Test
	void everyClientGetsExactlyItsOwnRepliesInOrder() throws Exception {
		long framesBefore = this.traffic.totals().messagesOut();
		List<Future<List<String>>> results = new ArrayList<>();
		List<List<String>> sent = new ArrayList<>();
		for (int client = 0; client < CLIENTS; client++) {
			Random random = new Random(client);
			List<String> messages = new ArrayList<>();
			for (int i = 0; i < FRAMES_PER_CLIENT; i++) {
				messages.add(Texts.randomUtf8(random.nextInt(MAX_FRAME_BYTES + 1), random));
			}
			sent.add(messages);
			results.add(this.threads.executor().submit(
					() -> PipelinedExchange.run(this.transport, this.server.getPort(), messages, 4096,
							this.threads.executor())));
		}
		for (int client = 0; client < CLIENTS; client++) {
			assertThat(results.get(client).get(180, TimeUnit.SECONDS)).as("replies of client %d", client)
				.containsExactlyElementsOf(PipelinedExchange.expectedReplies(sent.get(client)));
		}
		await().until(() -> this.connections.openCount() == 0); // after which the counts are final
		assertThat(this.traffic.totals().messagesOut() - framesBefore).as("no reply was sent twice")
			.isEqualTo((long) CLIENTS * FRAMES_PER_CLIENT);
	}

}
