package dev.bufferedsockets.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ours against Netty on this machine, in one run: both servers in JVMs of their own, the same
 * cases against each in alternating order, medians and ranges of several repetitions, and the
 * ratio ours/Netty per case; our clients against a raw-socket client on our server; then the
 * idle-connection cost, on fresh processes of each.
 *
 * <p>Run by {@code mvn -Pbench verify}; options (all optional) as {@code -Dbench.args="..."}:
 * {@code --repetitions=5 --duration=5s --warmup=3s --sweep-duration=2s --sweep-warmup=1s
 * --skip-sweep --skip-clients --skip-idle --idle-connections=9000}, or {@code --only-clients} for our
 * server and the client probes alone. Everything it prints is also written to {@code summary.txt}
 * in {@code --out}, next to the sweep report.
 */
public final class SideBySideBenchmark {

	/** The same for both servers; none, so each runs as a user would start it. */
	private static final List<String> JVM_OPTIONS = List.of();

	private final Map<String, String> options;

	private final Path out;

	private final StringBuilder summary = new StringBuilder();

	private SideBySideBenchmark(Map<String, String> options) {
		this.options = options;
		this.out = Path.of(options.getOrDefault("out", "target/bench"));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			for (String word : arg.trim().split("\\s+")) {
				if (word.startsWith("--")) {
					int equals = word.indexOf('=');
					options.put((equals < 0) ? word.substring(2) : word.substring(2, equals),
							(equals < 0) ? "true" : word.substring(equals + 1));
				}
			}
		}
		new SideBySideBenchmark(options).run();
	}

	private void run() throws Exception {
		Files.createDirectories(this.out);
		// A copy, so that rebuilding the project while this runs cannot pull classes from under our server.
		Path jar = Files.copy(Path.of(required("jar")), this.out.resolve("buffered-sockets-under-test.jar"),
				StandardCopyOption.REPLACE_EXISTING);
		int repetitions = Integer.parseInt(this.options.getOrDefault("repetitions", "3"));
		BenchSettings template = new BenchSettings("127.0.0.1", 1, 1, 64, 1, duration("duration", "5s"),
				duration("warmup", "3s"), PayloadText.ASCII, 1, 0, 10);
		print("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
				+ ", load average at start " + loadAverage() + " (shared with other builds: figures are noisy; compare ratios).");
		if (this.options.containsKey("only-clients")) {
			try (BenchServer ours = BenchServer.ours(jar, this.out, JVM_OPTIONS)) {
				clients(ours.port(), template, repetitions);
			}
			Files.writeString(this.out.resolve("summary.txt"), this.summary, StandardCharsets.UTF_8);
			return;
		}
		print("Generator ceiling (trivial in-process server, same JVM): " + generatorCeiling(template));
		List<SweepRun> targetRuns;
		List<SweepRun> sweepRuns = List.of();
		try (BenchServer ours = BenchServer.ours(jar, this.out, JVM_OPTIONS);
				BenchServer netty = BenchServer.netty(this.out, JVM_OPTIONS)) {
			List<BenchTarget> targets = List.of(ours.target(), netty.target());
			LoadGenerator generator = new LoadGenerator();
			List<SweepCase> cases = TargetCase.all().stream().map(TargetCase::sweepCase).toList();
			targetRuns = new Sweep(generator, template).run(cases, targets, repetitions, SideBySideBenchmark::progress);
			if (!this.options.containsKey("skip-clients")) {
				clients(ours.port(), template, repetitions);
			}
			if (!this.options.containsKey("skip-sweep")) {
				BenchSettings sweepTemplate = new BenchSettings(template.host(), template.port(), template.connections(),
						template.payloadBytes(), template.depth(), duration("sweep-duration", "2s"),
						duration("sweep-warmup", "1s"), template.text(), template.threads(), template.serverPid(),
						template.truncateChars());
				sweepRuns = new Sweep(generator, sweepTemplate).run(SweepMatrix.cases(), targets, 1, SideBySideBenchmark::progress);
			}
		}
		List<IdleConnectionsProbe.Result> idle = this.options.containsKey("skip-idle") ? List.of() : idle(jar);
		report(targetRuns, sweepRuns, idle, repetitions, template);
	}

	/** Our clients against a raw-socket client, the gateway under concurrency, and its pending calls' memory. */
	private void clients(int port, BenchSettings template, int repetitions) throws Exception {
		List<ClientOverheadProbe.Result> clients = ClientOverheadProbe.run(port, template.warmup(), template.duration(),
				repetitions);
		print("Clients against our server, one request at a time (64 B, 1 connection), medians of " + repetitions
				+ " runs in rotating order (load average now " + loadAverage() + "):" + ClientOverheadProbe.describe(clients));
		GatewayConcurrencyProbe.Result concurrency = GatewayConcurrencyProbe.run(port, template.warmup(),
				template.duration(), repetitions);
		print("The gateway under concurrent callers (64 B; sync: platform threads calling exchange; async: that many "
				+ "chains of exchangeAsync calls, each callback making the next call, no thread per call), medians of " + repetitions
				+ " runs in rotating order (load average now " + loadAverage() + "):" + concurrency.describe());
		print("Pending calls:" + PendingCallsMemoryProbe.run().describe());
	}

	private void report(List<SweepRun> targetRuns, List<SweepRun> sweepRuns, List<IdleConnectionsProbe.Result> idle,
			int repetitions, BenchSettings template) throws IOException {
		List<CaseSummary> targets = CaseSummary.of(targetRuns);
		print("");
		print("Targets of issue 4: medians of " + repetitions + " alternating runs each (" + template.warmup().toSeconds()
				+ " s warmup, " + template.duration().toSeconds() + " s measured); ratio = ours / Netty");
		print(TargetCase.header());
		TargetCase.all().forEach(target -> print(target.row(targets, "ours", "netty")));
		print(scaling(targets, "ours") + "; " + scaling(targets, "netty"));
		print(cpuSplit(targets));
		for (IdleConnectionsProbe.Result result : idle) {
			print(String.format(Locale.ROOT, "idle %-5s: %,d of %,d opened in %,d ms; RSS %,d -> %,d KiB (+%,.1f MB); "
					+ "%,d served afterwards%s", result.server(), result.opened(), result.requested(), result.connectMillis(),
					result.residentBeforeKib(), result.residentAfterKib(), result.growthKib() / 1024.0, result.served(),
					result.errors().isEmpty() ? "" : "; errors: " + result.errors()));
		}
		if (idle.size() == 2 && idle.get(0).residentAfterKib() > 0 && idle.get(1).residentAfterKib() > 0) {
			print(String.format(Locale.ROOT, "idle ratio ours/netty: RSS growth %.2fx (goal <= 1.5x), connect burst %.2fx",
					(double) idle.get(0).growthKib() / idle.get(1).growthKib(),
					(double) idle.get(0).connectMillis() / Math.max(1, idle.get(1).connectMillis())));
		}
		Files.writeString(this.out.resolve("targets.csv"),
				new SweepReport(List.of(), List.of("ours", "netty"), targetRuns).csv(), StandardCharsets.UTF_8);
		if (!sweepRuns.isEmpty()) {
			SweepReport report = new SweepReport(SweepMatrix.cases(), List.of("ours", "netty"), sweepRuns);
			Path html = report.write(this.out, List.of("Ours vs Netty on one shared machine, one run: the ratios, "
					+ "not the absolute figures, are the result. One " + duration("sweep-duration", "2s").toSeconds()
					+ " s window per case and server, in alternating order."));
			print("");
			print("Sweep (one alternating run per case):");
			print(ComparisonTable.format(SweepMatrix.cases(), List.of("ours", "netty"), report.summaries()));
			print("report: " + html.toAbsolutePath());
		}
		Files.writeString(this.out.resolve("summary.txt"), this.summary, StandardCharsets.UTF_8);
	}

	/** Throughput at 1,000 connections as a share of throughput at 1 (issue 4: within +-10 %). */
	private static String scaling(List<CaseSummary> summaries, String target) {
		CaseSummary one = CaseSummary.find(summaries, new SweepCase(64, 64, 1), target);
		CaseSummary thousand = CaseSummary.find(summaries, new SweepCase(64, 64, 1000), target);
		return String.format(Locale.ROOT, "%s msgs/s at 1,000 connections / at 1: %s", target,
				ComparisonTable.ratio(thousand, one, s -> s.messagesPerSecond().median()));
	}

	private static String cpuSplit(List<CaseSummary> summaries) {
		StringBuilder text = new StringBuilder("CPU split, pipelined 64 B d64 c16 (median cores of 2):");
		for (String target : List.of("ours", "netty")) {
			CaseSummary s = CaseSummary.find(summaries, new SweepCase(64, 64, 16), target);
			if (s != null) {
				text.append(String.format(Locale.ROOT, " %s: generator %.2f, server %.2f;", target,
						s.generatorCores().median(), s.serverCores().median()));
			}
		}
		return text.toString();
	}

	private String generatorCeiling(BenchSettings template) throws Exception {
		try (InProcessTruncateServer server = InProcessTruncateServer.start(10)) {
			BenchResult result = new LoadGenerator(server::cpuNanos).run(
					template.withTarget("127.0.0.1", server.port(), 0).withShape(16, 64, 64), ProgressListener.NONE);
			return String.format(Locale.ROOT, "64 B d64 c16: %,.0f msgs/s, errors %d; %s", result.messagesPerSecond(),
					result.errors(), BenchSummary.cpu(result.cpu()));
		}
	}

	private List<IdleConnectionsProbe.Result> idle(Path jar) throws Exception {
		int count = Integer.parseInt(this.options.getOrDefault("idle-connections", "9000"));
		List<IdleConnectionsProbe.Result> results = new ArrayList<>();
		try (BenchServer ours = BenchServer.ours(jar, this.out, JVM_OPTIONS)) {
			results.add(IdleConnectionsProbe.run(ours, count));
		}
		try (BenchServer netty = BenchServer.netty(this.out, JVM_OPTIONS)) {
			results.add(IdleConnectionsProbe.run(netty, count));
		}
		return results;
	}

	private static void progress(SweepRun run, int done, int total) {
		BenchResult r = run.result();
		System.err.printf(Locale.ROOT, "[%d/%d] %-5s %-20s %,12.0f msgs/s  p99 %,10.1f us  errors %d  cpu gen %.2f server %.2f%s%n",
				done, total, run.target(), run.sweepCase().label(), r.messagesPerSecond(), r.latencyMicros().p99(),
				r.errors(), orNaN(r.cpu().generatorProcess()), orNaN(r.cpu().server()),
				r.errorSamples().isEmpty() ? "" : "  " + r.errorSamples());
	}

	private static double orNaN(Double value) {
		return (value != null) ? value : Double.NaN;
	}

	private void print(String line) {
		System.out.println(line);
		this.summary.append(line).append(System.lineSeparator());
	}

	private Duration duration(String option, String fallback) {
		String value = this.options.getOrDefault(option, fallback);
		return Duration.ofMillis(Math.round(Double.parseDouble(value.replaceAll("s$", "")) * 1000));
	}

	private String required(String option) {
		String value = this.options.get(option);
		if (value == null) {
			throw new IllegalArgumentException("--" + option + "=... is required");
		}
		return value;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
