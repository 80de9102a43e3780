package dev.bufferedsockets.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

/**
 * The load generator's engine: opens the connections, drives them from a few selector threads
 * for the warmup and the measurement window, and reports what the window measured.
 *
 * <p>Over TLS ({@link BenchSettings#tls}) each connection's handshake happens at the start of the
 * warmup, in the selector loops; only a warmup shorter than the handshakes lets them into the
 * measured window.
 *
 * <p>Built so that it is not the bottleneck: requests are encoded once before the run
 * ({@link RequestStream}), a pipeline goes out in as few writes as the socket takes, replies are
 * checked in place in one read buffer per thread, and nothing is allocated per message.
 */
public final class LoadGenerator {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/** How long, after the window, the last replies may take before they count as missing. */
	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

	private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final LongSupplier inProcessServerCpuNanos;

	/** A generator for a server in another process. */
	public LoadGenerator() {
		this(null);
	}

	/** @param inProcessServerCpuNanos CPU time of a server inside this JVM, to report it apart */
	public LoadGenerator(LongSupplier inProcessServerCpuNanos) {
		this.inProcessServerCpuNanos = inProcessServerCpuNanos;
	}

	/**
	 * Run the load and wait for it to end: warmup + duration, plus the time to connect and at most
	 * 10 s for the last replies.
	 * @throws IOException if not one connection could be opened
	 */
	public BenchResult run(BenchSettings settings, ProgressListener progress) throws IOException, InterruptedException {
		RequestStream requests = RequestStream.generate(settings.payloadBytes(), settings.text(), settings.truncateChars());
		BenchErrors errors = new BenchErrors();
		long connectStart = System.nanoTime();
		List<BenchConnection> connections = connect(settings, requests, errors);
		double connectMillis = (System.nanoTime() - connectStart) / 1e6;
		if (connections.isEmpty()) {
			throw new IOException(errors.samples().get(0));
		}

		long start = System.nanoTime();
		long windowStart = start + settings.warmup().toNanos();
		long windowEnd = windowStart + settings.duration().toNanos();
		List<SelectorLoop> loops = new ArrayList<>();
		int threads = Math.min(settings.threads(), Math.max(1, connections.size()));
		for (int i = 0; i < threads; i++) {
			loops.add(new SelectorLoop(windowStart, windowEnd, windowEnd + DRAIN_TIMEOUT.toNanos(), errors));
		}
		for (int i = 0; i < connections.size(); i++) {
			loops.get(i % threads).add(connections.get(i));
		}
		CountDownLatch finished = new CountDownLatch(threads);
		for (int i = 0; i < threads; i++) {
			SelectorLoop loop = loops.get(i);
			Thread thread = new Thread(() -> {
				try {
					loop.run();
				}
				finally {
					finished.countDown();
				}
			}, "bench-selector-" + i);
			thread.setDaemon(true);
			thread.start();
		}
		CpuWindow cpu = new CpuWindow(settings.serverPid(), this.inProcessServerCpuNanos);
		watch(finished, loops, errors, start, windowStart, windowEnd, cpu, progress);
		return result(settings, requests, loops, errors, connectMillis, cpu);
	}

	/** Wait for the threads, taking CPU readings at the window's edges and reporting progress. */
	private static void watch(CountDownLatch finished, List<SelectorLoop> loops, BenchErrors errors, long start,
			long windowStart, long windowEnd, CpuWindow cpu, ProgressListener progress) throws InterruptedException {
		double totalSeconds = (windowEnd - start) / 1e9;
		long lastTime = start;
		long lastTotal = 0;
		while (finished.getCount() > 0) {
			long now = System.nanoTime();
			long wake = lastTime + PROGRESS_INTERVAL_NANOS;
			if (!cpu.started()) {
				wake = Math.min(wake, windowStart);
			}
			else if (!cpu.ended()) {
				wake = Math.min(wake, windowEnd);
			}
			boolean done = finished.await(Math.max(0, wake - now), TimeUnit.NANOSECONDS);
			now = System.nanoTime();
			if (!cpu.started() && now >= windowStart) {
				cpu.start();
			}
			if (!cpu.ended() && now >= windowEnd) {
				cpu.end();
			}
			if (now - lastTime >= PROGRESS_INTERVAL_NANOS) {
				long total = loops.stream().mapToLong(loop -> loop.recorder().publishedTotal()).sum();
				String phase = (now < windowStart) ? "warmup" : (now < windowEnd) ? "measure" : "drain";
				progress.progress(phase, (now - start) / 1e9, totalSeconds, (total - lastTotal) * 1e9 / (now - lastTime),
						errors.count());
				lastTime = now;
				lastTotal = total;
			}
			if (done) {
				break;
			}
		}
	}

	private static List<BenchConnection> connect(BenchSettings settings, RequestStream requests, BenchErrors errors)
			throws IOException {
		InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port());
		List<BenchConnection> connections = new ArrayList<>(settings.connections());
		for (int i = 0; i < settings.connections(); i++) {
			SocketChannel channel = SocketChannel.open();
			try {
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				channel.socket().connect(address, (int) CONNECT_TIMEOUT.toMillis());
				connections.add((settings.tls() == null) ? new BenchConnection(channel, requests, settings.depth())
						: new BenchConnection(channel, settings.tls().wrap(channel, settings.port()), requests,
								settings.depth()));
			}
			catch (IOException ex) {
				channel.close();
				errors.add("cannot connect to " + settings.host() + ":" + settings.port() + ": " + ex.getMessage());
			}
		}
		return connections;
	}

	private static BenchResult result(BenchSettings settings, RequestStream requests, List<SelectorLoop> loops,
			BenchErrors errors, double connectMillis, CpuWindow cpu) {
		Histogram latencies = new Histogram(ReplyRecorder.MAX_TRACKED_NANOS, 3);
		long messages = 0;
		long replyBytes = 0;
		long generatorCpu = 0;
		for (SelectorLoop loop : loops) {
			latencies.add(loop.recorder().latencies());
			messages += loop.recorder().measuredReplies();
			replyBytes += loop.recorder().measuredReplyBytes();
			generatorCpu += loop.cpuInWindowNanos();
		}
		long windowNanos = settings.duration().toNanos();
		double seconds = windowNanos / 1e9;
		BenchResult.Latency latency = new BenchResult.Latency(latencies.getTotalCount(),
				micros(latencies.getValueAtPercentile(50)), micros(latencies.getValueAtPercentile(99)),
				micros(latencies.getValueAtPercentile(99.9)), micros(latencies.getMaxValue()));
		return new BenchResult(settings.host() + ":" + settings.port(), settings.connections(),
				requests.payloadBytes(), settings.depth(), settings.text(), settings.warmup().toNanos() / 1e9, seconds,
				messages, messages / seconds, (double) messages * requests.payloadBytes() / seconds / 1e6,
				replyBytes / seconds / 1e6, latency, errors.count(), errors.samples(), connectMillis,
				cpu.split((double) generatorCpu / windowNanos));
	}

	private static double micros(long nanos) {
		return nanos / 1000.0;
	}

}
