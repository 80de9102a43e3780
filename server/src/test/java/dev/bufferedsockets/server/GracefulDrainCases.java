package dev.bufferedsockets.server;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.bufferedsockets.BufferedSocketsApplication;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.Replies;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.support.TestThreads;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping loses no reply: every frame the server counted before it began to stop is answered,
 * even to a client that reads nothing until then and whose replies overflow the socket buffers,
 * and the connection ends with a clean end of stream, not a reset. The subclasses pick the
 * transport.
 */
abstract class GracefulDrainCases {

	private static final int FRAMES = 48;

	private static final int FRAME_CHARS = 64 * 1024;

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	@Autowired
	private TrafficMeters traffic;

	@RegisterExtension
	final TestThreads threads = new TestThreads();

	GracefulDrainCases(ServerTransport transport) {
		this.transport = transport;
	}

	@Test
	void keepRunningFalseAnswersEveryFrameAlreadyReceivedBeforeClosing() throws Exception {
		assertSlowReaderGetsEveryCountedReply(this.server, this.traffic,
				() -> this.server.setKeepRunning(false));
	}

	@Test
	void applicationShutdownDrainsTheSameWay() throws Exception {
		// Closing the context is what Boot's shutdown hook does on SIGTERM.
		String[] arguments = Stream.concat(Stream.of("--buffered.server.port=0",
				"--buffered.server.bind-address=127.0.0.1", "--server.port=0", "--spring.main.banner-mode=off"),
				Stream.of(this.transport.arguments())).toArray(String[]::new);
		ConfigurableApplicationContext application = SpringApplication.run(BufferedSocketsApplication.class,
				arguments);
		try {
			assertSlowReaderGetsEveryCountedReply(application.getBean(BufferedServer.class),
					application.getBean(TrafficMeters.class), application::close);
		}
		finally {
			application.close();
		}
	}

	private void assertSlowReaderGetsEveryCountedReply(BufferedServer server, TrafficMeters traffic,
			Runnable stop) throws Exception {
		List<String> messages = new ArrayList<>();
		for (int i = 0; i < FRAMES; i++) {
			messages.add(String.format("%010d", i) + Texts.ascii(FRAME_CHARS, i));
		}
		long countedBefore = traffic.totals().messagesIn();
		// a small receive buffer, so unread replies back up into the server
		try (ServerTransport.Connection connection = this.transport.connect(this.transport.host(), server.getPort(),
				4096)) {
			Socket socket = connection.socket();
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			this.threads.executor().submit(() -> {
				for (String message : messages) {
					out.write(FrameEncoder.DEFAULT.encode(message.getBytes(StandardCharsets.UTF_8)));
				}
				return null;
			});
			// the server has taken some frames and is stuck writing replies nobody reads
			await().until(() -> traffic.totals().messagesIn() - countedBefore >= 2);

			Future<?> stopping = this.threads.executor().submit(stop);
			await().until(() -> !server.isListening());
			List<String> replies = Replies.untilEndOfStream(socket.getInputStream());
			// What a client does at end of stream; the server waits for it. (On TLS without a close_notify,
			// which would wait behind the writer, blocked if the server took none of its last frames.)
			connection.close();
			stopping.get(30, TimeUnit.SECONDS);

			long counted = traffic.totals().messagesIn() - countedBefore;
			assertThat(counted).as("frames the server counted before it stopped").isPositive();
			assertThat(replies).as("one reply for every counted frame, in order").hasSize((int) counted);
			for (int i = 0; i < replies.size(); i++) {
				assertThat(replies.get(i)).as("reply %d", i).isEqualTo(messages.get(i).substring(10));
			}
		}
	}

}
