package dev.bufferedsockets.server;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.BufferedSocketsApplication;
import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.support.Replies;
import dev.bufferedsockets.support.ServerTest;
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
 * and the connection ends with a clean end of stream, not a reset.
 */
@ServerTest
class GracefulDrainTest {

	private static final int FRAMES = 48;

	private static final int FRAME_CHARS = 64 * 1024;

	@Autowired
	private BufferedServer server;

	@Autowired
	private TrafficMeters traffic;

	@RegisterExtension
	final TestThreads threads = new TestThreads();

	@Test
	void keepRunningFalseAnswersEveryFrameAlreadyReceivedBeforeClosing() throws Exception {
		assertSlowReaderGetsEveryCountedReply(this.server, this.traffic,
				() -> this.server.setKeepRunning(false));
	}

	@Test
	void applicationShutdownDrainsTheSameWay() throws Exception {
		// Closing the context is what Boot's shutdown hook does on SIGTERM.
		ConfigurableApplicationContext application = SpringApplication.run(BufferedSocketsApplication.class,
				"--buffered.server.port=0", "--buffered.server.bind-address=127.0.0.1", "--server.port=0",
				"--spring.main.banner-mode=off");
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
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(4096); // small, so unread replies back up into the server
			socket.setSoTimeout(30_000);
			socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()));
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
			socket.close(); // what a client does at end of stream; the server waits for it
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
