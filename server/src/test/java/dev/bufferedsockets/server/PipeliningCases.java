package dev.bufferedsockets.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.PipelinedExchange;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.support.TestThreads;
import dev.bufferedsockets.testing.RawConnection;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies stay in order per connection, however deep the pipeline and however many clients. The
 * subclasses pick the transport.
 */
abstract class PipeliningCases {

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	@RegisterExtension
	final TestThreads threads = new TestThreads();

	PipeliningCases(ServerTransport transport) {
		this.transport = transport;
	}

	@Test
	void repliesAreNeverMixedAcrossPipelinedMessages() throws Exception {
		List<String> messages = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			messages.add(i + ":" + Texts.mixed(i % 97, i));
		}
		assertThat(pipeline(messages, 64)).containsExactlyElementsOf(expectedReplies(messages));
	}

	@Test
	void backToBackFramesInOneSegmentAreAnsweredSeparately() throws IOException {
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			byte[] three = concat(frame("first message!"), frame(""), frame("third message here"));
			raw.write(three);
			assertThat(raw.readFrame()).isEqualTo("age!");
			assertThat(raw.readFrame()).isEqualTo("");
			assertThat(raw.readFrame()).isEqualTo("age here");
		}
	}

	@Test
	void manyClientsPipeliningAtOnceEachGetTheirOwnRepliesInOrder() throws Exception {
		List<Future<Boolean>> results = new ArrayList<>();
		for (int client = 0; client < 32; client++) {
			int seed = client;
			results.add(this.threads.executor().submit(() -> {
				List<String> messages = new ArrayList<>();
				for (int i = 0; i < 200; i++) {
					messages.add("client " + seed + " message " + i + " " + Texts.mixed(seed + i % 50, seed * 1000L + i));
				}
				return pipeline(messages, 4096).equals(expectedReplies(messages));
			}));
		}
		for (Future<Boolean> result : results) {
			assertThat(result.get(60, TimeUnit.SECONDS)).as("a client got a wrong, missing or misordered reply")
				.isTrue();
		}
	}

	private List<String> pipeline(List<String> messages, int bufferSize) throws Exception {
		return PipelinedExchange.run(this.transport, this.server.getPort(), messages, bufferSize, this.threads.executor());
	}

	private static List<String> expectedReplies(List<String> messages) {
		return PipelinedExchange.expectedReplies(messages);
	}

	private static byte[] frame(String text) {
		return FrameEncoder.DEFAULT.encode(text.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

}
