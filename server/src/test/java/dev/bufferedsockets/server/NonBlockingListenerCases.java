package dev.bufferedsockets.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.BackgroundTask;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.testing.RawConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener serves connections from a few selector threads: idle connections cost no thread,
 * and a client that sends without reading its replies stops being read, rather than making the
 * server hold its replies without limit, while everyone else is served. The subclasses pick the
 * transport: TLS connections cost no thread either.
 */
abstract class NonBlockingListenerCases {

	private static final int IDLE_CONNECTIONS = 200;

	/** 64 MiB of requests: more than the socket buffers on both sides can hold (32 MiB + 4 MiB at most here). */
	private static final int HOG_FRAMES = 1024;

	private static final int HOG_FRAME_CHARS = 64 * 1024;

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	@Autowired
	private ConnectionTracker connections;

	NonBlockingListenerCases(ServerTransport transport) {
		this.transport = transport;
	}

	@Test
	void idleConnectionsCostNoThreadAndAreAllServed() throws IOException {
		int openBefore = this.connections.openCount();
		int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
		List<RawConnection> idle = new ArrayList<>();
		try {
			for (int i = 0; i < IDLE_CONNECTIONS; i++) {
				idle.add(this.transport.raw(this.server.getPort()));
			}
			await().until(() -> this.connections.openCount() == openBefore + IDLE_CONNECTIONS);
			assertThat(ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore)
				.as("threads started for %d idle connections", IDLE_CONNECTIONS)
				.isLessThan(10);
			for (int i = 0; i < idle.size(); i++) {
				assertThat(idle.get(i).writeFrame("0123456789idle " + i).readFrame()).isEqualTo("idle " + i);
			}
		}
		finally {
			for (RawConnection connection : idle) {
				connection.close();
			}
		}
	}

	@Test
	void aClientThatDoesNotReadStopsBeingReadAndGetsEveryReplyOnceItReads() throws Exception {
		ServerTransport.Connection connection = this.transport.connect(this.transport.host(), this.server.getPort(),
				4096);
		Socket hog = connection.socket();
		BackgroundTask<Void> writer = null;
		try {
			hog.setSoTimeout(30_000);
			OutputStream out = hog.getOutputStream();
			writer = BackgroundTask.start("hog-writer", () -> writeHogFrames(out));

			AtomicLong lastCount = new AtomicLong(-1);
			await("the server stops taking requests from a client that reads no replies")
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> {
					long taken = messagesIn(hog);
					return taken > 0 && lastCount.getAndSet(taken) == taken; // unchanged for a second
				});
			assertThat(writer.isDone()).as("the client's writes block: the server is not reading").isFalse();
			assertThat(messagesIn(hog)).as("requests taken while no reply was read").isLessThan(HOG_FRAMES / 4);
			try (BufferedClient bystander = this.transport.client(this.server.getPort())) {
				bystander.sendMessage("0123456789 still served");
				assertThat(bystander.receiveMessage()).isEqualTo(new ReceivedMessage(" still served", true));
			}

			InputStream in = hog.getInputStream();
			FrameCodec codec = new FrameCodec(65536, FrameCodec.MAX_PAYLOAD_BYTES);
			for (int i = 0; i < HOG_FRAMES; i++) {
				byte[] reply = codec.readFrame(in);
				assertThat(reply).as("reply %d", i).isNotNull().hasSize(HOG_FRAME_CHARS);
				assertThat(new String(reply, 0, 12, StandardCharsets.US_ASCII)).as("reply %d", i)
					.isEqualTo(String.format("%012d", i));
			}
			writer.get(Duration.ofSeconds(30));
			assertThat(messagesIn(hog)).isEqualTo(HOG_FRAMES);
		}
		finally {
			connection.close(); // unblocks the writer if the test failed halfway
			if (writer != null) {
				writer.close();
			}
		}
	}

	/** Frame {@code i} is ten characters to cut, then {@code i} in twelve digits, then filler. */
	private static Void writeHogFrames(OutputStream out) throws IOException {
		byte[] payload = new byte[10 + HOG_FRAME_CHARS];
		Arrays.fill(payload, (byte) 'x');
		for (int i = 0; i < HOG_FRAMES; i++) {
			byte[] number = String.format("%012d", i).getBytes(StandardCharsets.US_ASCII);
			System.arraycopy(number, 0, payload, 10, number.length);
			out.write(FrameEncoder.DEFAULT.encode(payload));
		}
		out.flush();
		return null;
	}

	private long messagesIn(Socket client) {
		return this.connections.openConnections().stream()
			.filter(open -> open.remotePort() == client.getLocalPort())
			.mapToLong(ConnectionInfo::messagesIn)
			.findFirst()
			.orElse(-1);
	}

}
