package dev.bufferedsockets.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bufferedsockets.gateway.BufferedGateway;
import dev.bufferedsockets.gateway.ServerUnavailableException;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 12's memory figure: one thread issues 10,000 {@code exchangeAsync} calls (64 B) against a
 * server that accepts connections and never reads from them, with the default pool (4 connections
 * x 64 in flight, up to 10,000 waiting for room). It measures the live heap (after a full GC) once
 * every call is issued and pending, against the heap before the first, then checks that every call
 * ends with {@link ServerUnavailableException} at its timeout. Calls beyond the places and the
 * queue would fail at once, so this is the most the gateway's calls can hold.
 */
final class PendingCallsMemoryProbe {

	private static final int CALLS = 10_000;

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/**
	 * @param growthBytes live-heap growth over the baseline with every call pending
	 * @param endedEarly calls that had ended before the measurement (none, if all were pending)
	 * @param failed calls that ended with ServerUnavailableException (all of them, if right)
	 * @param seconds how long the calls took to end
	 */
	record Result(int calls, long growthBytes, int endedEarly, int failed, double seconds) {

		String describe() {
			return String.format(Locale.ROOT, "%n  %,d exchangeAsync calls (64 B) pending against a server that never "
					+ "reads (4 connections x 64 in flight, the rest waiting for room): live heap +%,.0f KiB over the "
					+ "baseline, %,.0f B a call (%d had ended before the measurement); %,d of %,d then ended with "
					+ "ServerUnavailableException, at the %d s timeout (%.1f s)", CALLS, this.growthBytes / 1024.0,
					(double) this.growthBytes / CALLS, this.endedEarly, this.failed, this.calls, TIMEOUT.toSeconds(),
					this.seconds);
		}

	}

	private PendingCallsMemoryProbe() {
	}

	static Result run() throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		try (ServerSocket deaf = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				ConfigurableApplicationContext context = GatewayConcurrencyProbe.gateway(deaf.getLocalPort(), 64,
						"--buffered.client.timeout=" + TIMEOUT.toMillis() + "ms",
						"--logging.level.dev.bufferedsockets.gateway=ERROR")) {
			List<Socket> accepted = new ArrayList<>();
			Thread acceptor = new Thread(() -> {
				try {
					while (true) {
						Socket socket = deaf.accept();
						synchronized (accepted) {
							accepted.add(socket);
						}
					}
				}
				catch (IOException closed) {
					// the probe is over
				}
			}, "deaf-server");
			acceptor.setDaemon(true);
			acceptor.start();
			BufferedGateway gateway = context.getBean(BufferedGateway.class);
			gateway.exchangeAsync("0123456789 warm up").handle((reply, failure) -> null).get(10, TimeUnit.SECONDS);
			long baseline = liveHeap(memory);
			AtomicInteger failed = new AtomicInteger();
			CountDownLatch ended = new CountDownLatch(CALLS); // not the futures: the probe must not hold the calls
			long start = System.nanoTime();
			String message = "0123456789" + "x".repeat(54);
			for (int i = 0; i < CALLS; i++) {
				gateway.exchangeAsync(message).whenComplete((reply, failure) -> {
					if (failure instanceof ServerUnavailableException) {
						failed.incrementAndGet();
					}
					ended.countDown();
				});
			}
			long growth = liveHeap(memory) - baseline;
			int endedEarly = (int) (CALLS - ended.getCount());
			if (!ended.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException(ended.getCount() + " calls had not ended after 60 s");
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			synchronized (accepted) {
				for (Socket socket : accepted) {
					socket.close();
				}
			}
			return new Result(CALLS, growth, endedEarly, failed.get(), seconds);
		}
	}

	private static long liveHeap(MemoryMXBean memory) {
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
