package dev.bufferedsockets.support;

import dev.bufferedsockets.testing.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;

/** Sends messages on one connection while another thread reads the replies, as a pipelining client does. */
public final class PipelinedExchange {

	private PipelinedExchange() {
	}

	/** @return the replies, in the order they arrived, on a connection of {@code transport} */
	public static List<String> run(ServerTransport transport, int port, List<String> messages, int bufferSize,
			ExecutorService executor) throws Exception {
		try (BufferedClient client = transport.client(transport.host(), port, bufferSize)) {
			Future<List<String>> replies = executor.submit(() -> readReplies(client, messages.size()));
			messages.forEach(client::sendMessage);
			return replies.get(120, TimeUnit.SECONDS);
		}
	}

	/** @return what the server should answer to each message */
	public static List<String> expectedReplies(List<String> messages) {
		return messages.stream().map(message -> Texts.dropCodePoints(message, 10)).toList();
	}

	private static List<String> readReplies(BufferedClient client, int count) {
		List<String> replies = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ReceivedMessage reply = client.receiveMessage();
			if (!reply.ok()) {
				throw new AssertionError("reply " + i + " failed: " + client.failure());
			}
			replies.add(reply.payload());
		}
		return replies;
	}

}
