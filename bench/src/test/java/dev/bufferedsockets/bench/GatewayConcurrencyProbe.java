package dev.bufferedsockets.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.bufferedsockets.gateway.BufferedGateway;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 12's concurrency figures: the injected gateway on its default pool (4 connections, 64 calls
 * in flight on each) under 1, 16, 256 and 1,024 callers, each a platform thread calling
 * {@code exchange} in a loop (Java 17 has no virtual threads), and the same numbers of calls kept
 * outstanding with {@code exchangeAsync}, each reply's callback making the next call (no thread per
 * call); then {@code bench} on
 * the same server with as many connections at depth 64, which the gateway is compared against; then
 * {@code exchangeAsync} with 1,024 calls outstanding for several {@code max-in-flight} values, which
 * chose its default. Every reply is checked. Cases run in rotating order, {@code repetitions} times.
 */
final class GatewayConcurrencyProbe {

	static final List<Integer> CALLERS = List.of(1, 16, 256, 1024);

	static final List<Integer> MAX_IN_FLIGHT = List.of(1, 4, 16, 64, 256);

	private static final int POOL_SIZE = 4;

	private static final String MESSAGE = "0123456789" + "x".repeat(54); // 64 bytes

	private static final String REPLY = MESSAGE.substring(10);

	/**
	 * @param curve msgs/s by case: "sync N" and "async N" for each number of callers, "bench" last
	 * @param maxInFlight msgs/s of "async 1024" by max-in-flight
	 */
	record Result(Map<String, Spread> curve, Map<Integer, Spread> maxInFlight) {

		String describe() {
			Spread bench = this.curve.get("bench");
			StringBuilder text = new StringBuilder();
			text.append(String.format(Locale.ROOT, "%n  bench, %d connections, depth 64: %,.0f msgs/s [%,.0f-%,.0f]",
					POOL_SIZE, bench.median(), bench.min(), bench.max()));
			for (String mode : List.of("sync", "async")) {
				for (int callers : CALLERS) {
					Spread s = this.curve.get(mode + " " + callers);
					text.append(String.format(Locale.ROOT, "%n  %-5s %,5d callers: %,10.0f msgs/s [%,.0f-%,.0f]  %.2fx bench",
							mode, callers, s.median(), s.min(), s.max(), s.median() / bench.median()));
					if (callers == 256) {
						text.append((s.median() >= 0.5 * bench.median()) ? "  (goal >= 0.5x: MET)" : "  (goal >= 0.5x: not met)");
					}
				}
			}
			text.append(String.format(Locale.ROOT, "%n  exchangeAsync, 1,024 outstanding, by max-in-flight:"));
			this.maxInFlight.forEach((max, s) -> text.append(String.format(Locale.ROOT, " %d: %,.0f;", max, s.median())));
			return text.toString();
		}

	}

	private GatewayConcurrencyProbe() {
	}

	static Result run(int port, Duration warmup, Duration duration, int repetitions) throws Exception {
		Map<String, List<Double>> runs = new LinkedHashMap<>();
		List<String> cases = new ArrayList<>();
		for (String mode : List.of("sync", "async")) {
			CALLERS.forEach(callers -> cases.add(mode + " " + callers));
		}
		cases.add("bench");
		cases.forEach(name -> runs.put(name, new ArrayList<>()));
		try (ConfigurableApplicationContext context = gateway(port, 64)) {
			BufferedGateway gateway = context.getBean(BufferedGateway.class);
			for (String name : cases) {
				measure(name, gateway, port, warmup, Duration.ZERO); // the JIT, and every connection opened
			}
			for (int repetition = 0; repetition < repetitions; repetition++) {
				for (int i = 0; i < cases.size(); i++) {
					String name = cases.get((i + repetition) % cases.size());
					runs.get(name).add(measure(name, gateway, port, warmup, duration));
				}
			}
		}
		Map<String, Spread> curve = new LinkedHashMap<>();
		runs.forEach((name, figures) -> curve.put(name, spread(figures)));
		Map<Integer, List<Double>> byMax = new LinkedHashMap<>();
		MAX_IN_FLIGHT.forEach(max -> byMax.put(max, new ArrayList<>()));
		for (int repetition = 0; repetition < repetitions; repetition++) {
			for (int i = 0; i < MAX_IN_FLIGHT.size(); i++) {
				int max = MAX_IN_FLIGHT.get((i + repetition) % MAX_IN_FLIGHT.size());
				try (ConfigurableApplicationContext context = gateway(port, max)) {
					BufferedGateway gateway = context.getBean(BufferedGateway.class);
					measure("async 1024", gateway, port, warmup, Duration.ZERO);
					byMax.get(max).add(measure("async 1024", gateway, port, warmup, duration));
				}
			}
		}
		Map<Integer, Spread> maxInFlight = new LinkedHashMap<>();
		byMax.forEach((max, figures) -> maxInFlight.put(max, spread(figures)));
		return new Result(curve, maxInFlight);
	}

	static ConfigurableApplicationContext gateway(int port, int maxInFlight, String... more) {
		List<String> args = new ArrayList<>(List.of("--buffered.client.host=127.0.0.1", "--buffered.client.port=" + port,
				"--buffered.client.pool-size=" + POOL_SIZE, "--buffered.client.max-in-flight=" + maxInFlight,
				"--spring.main.banner-mode=off", "--logging.level.root=WARN"));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(ClientOverheadProbe.GatewayApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
	}

	/** @return msgs/s of one case: a warmup, then a window of {@code duration} */
	private static double measure(String name, BufferedGateway gateway, int port, Duration warmup, Duration duration)
			throws Exception {
		if (name.equals("bench")) {
			BenchSettings settings = new BenchSettings("127.0.0.1", port, POOL_SIZE, 64, 64,
					duration.isZero() ? Duration.ofMillis(100) : duration, warmup, PayloadText.ASCII, 1, 0, 10);
			BenchResult result = new LoadGenerator().run(settings, ProgressListener.NONE);
			if (result.errors() > 0) {
				throw new IllegalStateException("bench errors: " + result.errorSamples());
			}
			return result.messagesPerSecond();
		}
		int callers = Integer.parseInt(name.substring(name.indexOf(' ') + 1));
		return name.startsWith("sync") ? threads(gateway, callers, warmup, duration)
				: outstanding(gateway, callers, warmup, duration);
	}

	/** {@code callers} platform threads, each calling {@code exchange} in a loop. */
	private static double threads(BufferedGateway gateway, int callers, Duration warmup, Duration duration)
			throws InterruptedException {
		Window window = new Window(warmup, duration);
		CountDownLatch done = new CountDownLatch(callers);
		for (int i = 0; i < callers; i++) {
			Thread caller = new Thread(() -> {
				try {
					while (!window.isOver()) {
						window.count(gateway.exchange(MESSAGE));
					}
				}
				finally {
					done.countDown();
				}
			}, "caller-" + i);
			caller.setDaemon(true);
			caller.start();
		}
		if (!done.await(window.limitMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("callers still running after the window");
		}
		return window.messagesPerSecond();
	}

	/**
	 * {@code outstanding} chains of {@code exchangeAsync} calls, as an asynchronous application makes
	 * them: each reply's callback makes the next call, on whichever thread completed it; no thread
	 * waits for any call.
	 */
	private static double outstanding(BufferedGateway gateway, int outstanding, Duration warmup, Duration duration)
			throws InterruptedException {
		Window window = new Window(warmup, duration);
		CountDownLatch chainsEnded = new CountDownLatch(outstanding);
		for (int i = 0; i < outstanding; i++) {
			chain(gateway, window, chainsEnded);
		}
		if (!chainsEnded.await(window.limitMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("calls still outstanding after the window");
		}
		return window.messagesPerSecond();
	}

	private static void chain(BufferedGateway gateway, Window window, CountDownLatch chainsEnded) {
		gateway.exchangeAsync(MESSAGE).whenComplete((reply, failure) -> {
			window.count((failure == null) ? reply : null);
			if (window.isOver()) {
				chainsEnded.countDown();
			}
			else {
				chain(gateway, window, chainsEnded);
			}
		});
	}

	private static Spread spread(List<Double> figures) {
		return Spread.of(figures.stream().mapToDouble(Double::doubleValue).toArray());
	}

	/** A warmup, a measured window, and the replies counted in the window; a wrong reply stops the probe. */
	private static final class Window {

		private final long start = System.nanoTime();

		private final long windowStart;

		private final long windowEnd;

		private final LongAdder replies = new LongAdder();

		private final AtomicBoolean wrong = new AtomicBoolean();

		Window(Duration warmup, Duration duration) {
			this.windowStart = this.start + warmup.toNanos();
			this.windowEnd = this.windowStart + duration.toNanos();
		}

		boolean isOver() {
			return this.wrong.get() || System.nanoTime() >= this.windowEnd;
		}

		void count(String reply) {
			if (!REPLY.equals(reply)) {
				this.wrong.set(true);
				return;
			}
			long now = System.nanoTime();
			if (now >= this.windowStart && now < this.windowEnd) {
				this.replies.increment();
			}
		}

		long limitMillis() {
			return 30_000;
		}

		double messagesPerSecond() {
			if (this.wrong.get()) {
				throw new IllegalStateException("a call got a wrong reply or failed");
			}
			double seconds = (this.windowEnd - this.windowStart) / 1e9;
			return (seconds > 0) ? this.replies.sum() / seconds : 0;
		}

	}

}
