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
 * server that accepts connections and never reads from them. The gateway holds at most
 * {@code pool-size} x {@code max-in-flight} calls; past that the issuing thread waits for room, so
 * the heap the calls take stays bounded however many are issued. It samples the live heap (after a
 * full GC) while the calls are pending, against the heap before the first call, and checks that
 * every call ends with {@link ServerUnavailableException}.
 */
final class PendingCallsMemoryProbe {

	private static final int CALLS = 10_000;

	private static final Duration TIMEOUT = Duration.ofMillis(250);

	/**
	 * @param issued calls issued by the time of the peak sample
	 * @param peakGrowthBytes largest live-heap growth over the baseline among the samples
	 * @param failed calls that ended with ServerUnavailableException (all of them, if right)
	 * @param seconds how long the 10,000 took to end
	 */
	record Result(int calls, int issued, long peakGrowthBytes, int failed, double seconds) {

		String describe() {
			return String.format(Locale.ROOT, "%n  %,d exchangeAsync calls (64 B, timeout %d ms, 4 connections x 64) "
					+ "against a server that never reads: live heap at most +%,.0f KiB over the baseline (%,d calls "
					+ "issued at that sample); %,d of %,d ended with ServerUnavailableException, in %.1f s", CALLS,
					TIMEOUT.toMillis(), this.peakGrowthBytes / 1024.0, this.issued, this.failed, this.calls, this.seconds);
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
			AtomicInteger issued = new AtomicInteger();
			AtomicInteger failed = new AtomicInteger();
			CountDownLatch ended = new CountDownLatch(CALLS); // not the futures: the probe must not hold the calls
			long start = System.nanoTime();
			Thread issuer = new Thread(() -> {
				String message = "0123456789" + "x".repeat(54);
				for (int i = 0; i < CALLS; i++) {
					gateway.exchangeAsync(message).whenComplete((reply, failure) -> {
						if (failure instanceof ServerUnavailableException) {
							failed.incrementAndGet();
						}
						ended.countDown();
					});
					issued.incrementAndGet();
				}
			}, "issuer");
			issuer.start();
			long peak = 0;
			int issuedAtPeak = 0;
			while (issuer.isAlive()) {
				Thread.sleep(100);
				long growth = liveHeap(memory) - baseline;
				if (growth > peak) {
					peak = growth;
					issuedAtPeak = issued.get();
				}
			}
			issuer.join();
			if (!ended.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException(ended.getCount() + " calls had not ended after 60 s");
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			synchronized (accepted) {
				for (Socket socket : accepted) {
					socket.close();
				}
			}
			return new Result(CALLS, issuedAtPeak, peak, failed.get(), seconds);
		}
	}

	private static long liveHeap(MemoryMXBean memory) {
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
