package dev.bufferedsockets.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.server.ConnectionErrors;
import dev.bufferedsockets.server.ConnectionTracker;
import dev.bufferedsockets.server.TrafficMeters;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.testing.RawConnection;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * About a minute of well-behaved pipelining clients mixed with hostile ones (oversized headers,
 * broken UTF-8, half frames, resets, garbage, stalled frames). Run with {@code mvn -Psoak verify}.
 * At the end: no well-behaved client lost a reply, no connection is left open, and the heap is
 * back near where it started. The figures are printed for the record.
 */
@Tag("soak")
@ServerTest
@TestPropertySource(properties = "buffered.server.frame-timeout=2s")
class SoakTest {

	private static final Duration LENGTH = Duration.ofSeconds(Long.getLong("soak.seconds", 60));

	private static final Duration WARM_UP = Duration.ofSeconds(10);

	private static final int WELL_BEHAVED = 16;

	private static final int HOSTILE = 4;

	private static final long MIB = 1024 * 1024;

	@Autowired
	private BufferedServer server;

	@Autowired
	private ConnectionTracker connections;

	@Autowired
	private ConnectionErrors errors;

	@Autowired
	private TrafficMeters traffic;

	private final LongAdder sent = new LongAdder();

	private final LongAdder verified = new LongAdder();

	private final Map<String, LongAdder> hostileByKind = new ConcurrentHashMap<>();

	@Test
	void mixedTrafficLosesNoReplyAndLeaksNothing() throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		// A short round first, so one-time growth (pooled threads, caches, compiled code) is not
		// mistaken for a leak: a leak grows with the traffic that follows.
		runMixedTraffic(WARM_UP);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.connections.openCount() == 0);
		long heapBefore = settledHeap(memory);
		long framesInBefore = this.traffic.totals().messagesIn();
		long sentBefore = this.sent.sum();
		runMixedTraffic(LENGTH);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.connections.openCount() == 0);
		long heapAfter = settledHeap(memory);

		System.out.printf("soak: %d s, %d well-behaved frames sent, %d replies verified, %d frames received in all%n",
				LENGTH.toSeconds(), this.sent.sum() - sentBefore, this.verified.sum() - sentBefore,
				this.traffic.totals().messagesIn() - framesInBefore);
		System.out.printf("soak: hostile connections by kind %s; errors by cause %s%n", this.hostileByKind,
				this.errors.counts());
		System.out.printf("soak: heap after GC %d MiB before, %d MiB after; open connections at the end %d%n",
				heapBefore / MIB, heapAfter / MIB, this.connections.openCount());

		assertThat(this.verified.sum()).as("every well-behaved frame got its exact reply").isEqualTo(this.sent.sum())
			.isPositive();
		assertThat(heapAfter).as("heap back near its start").isLessThan(heapBefore + 16 * MIB);
	}

	private void runMixedTraffic(Duration length) throws Exception {
		long deadline = System.nanoTime() + length.toNanos();
		ExecutorService clients = Executors.newFixedThreadPool(WELL_BEHAVED + HOSTILE);
		List<Future<?>> work = new ArrayList<>();
		try {
			for (int i = 0; i < WELL_BEHAVED; i++) {
				long seed = i;
				work.add(clients.submit(() -> {
					wellBehaved(seed, deadline);
					return null;
				}));
			}
			for (int i = 0; i < HOSTILE; i++) {
				long seed = 1000 + i;
				work.add(clients.submit(() -> {
					hostile(seed, deadline);
					return null;
				}));
			}
			for (Future<?> client : work) {
				client.get(length.toSeconds() + 120, TimeUnit.SECONDS); // rethrows any lost or wrong reply
			}
		}
		finally {
			clients.shutdownNow();
			clients.awaitTermination(30, TimeUnit.SECONDS);
		}
	}

	/** Pipelines batches of random text and checks every reply; reconnects now and then. */
	private void wellBehaved(long seed, long deadline) throws IOException {
		Random random = new Random(seed);
		while (System.nanoTime() < deadline) {
			try (BufferedClient client = new BufferedClient("127.0.0.1", this.server.getPort(), 1 + random.nextInt(4096),
					Duration.ofSeconds(30))) {
				for (int batch = 0; batch < 20 && System.nanoTime() < deadline; batch++) {
					List<String> messages = new ArrayList<>();
					for (int i = 1 + random.nextInt(32); i > 0; i--) {
						messages.add(Texts.randomUtf8(random.nextInt(16 * 1024), random));
					}
					messages.forEach(client::sendMessage);
					this.sent.add(messages.size());
					for (String message : messages) {
						ReceivedMessage reply = client.receiveMessage();
						if (!reply.ok() || !reply.payload().equals(Texts.dropCodePoints(message, 10))) {
							throw new AssertionError("lost or wrong reply: " + client.failure());
						}
						this.verified.increment();
					}
				}
			}
		}
	}

	/** Misbehaves in one of several ways per connection; the server must shrug each off. */
	private void hostile(long seed, long deadline) throws IOException {
		Random random = new Random(seed);
		AtomicLong attempts = new AtomicLong();
		while (System.nanoTime() < deadline && attempts.incrementAndGet() < 100_000) {
			int kind = random.nextInt(6);
			try (RawConnection raw = new RawConnection(this.server.getPort())) {
				switch (kind) {
					case 0 -> raw.writeHeader(0xFFFFFFFFL);
					case 1 -> raw.writeHeader(3).write(new byte[] { 'o', (byte) 0xC3, 0x28 });
					case 2 -> raw.writeHeader(1000).write("half a frame".getBytes());
					case 3 -> {
						raw.writeHeader(1000).write("reset".getBytes());
						resetOnClose(raw.socket());
					}
					case 4 -> {
						byte[] garbage = new byte[1 + random.nextInt(64)];
						random.nextBytes(garbage);
						raw.write(garbage);
					}
					default -> raw.writeHeader(100).write(new byte[] { 'x' }); // stall: the frame timeout ends it
				}
				if (kind == 5) {
					raw.closedByServer();
				}
			}
			catch (IOException expected) {
				// the server may close first: that is the point
			}
			this.hostileByKind.computeIfAbsent(kindName(kind), name -> new LongAdder()).increment();
		}
	}

	private static void resetOnClose(Socket socket) throws IOException {
		socket.setSoLinger(true, 0);
	}

	private static String kindName(int kind) {
		return List.of("oversized", "invalid-utf8", "half-frame", "reset", "garbage", "stalled").get(kind);
	}

	private static long settledHeap(MemoryMXBean memory) {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
