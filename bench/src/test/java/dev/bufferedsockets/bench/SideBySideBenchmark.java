package dev.bufferedsockets.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.bufferedsockets.test.TestCertificates;

/**
 * Ours against Netty on this machine, in one run: every server in a JVM of its own (ours and both
 * {@linkplain NettyTruncateServer.Variant Netty variants}, plain, then the same three over TLS), the
 * same cases against each in rotating order, medians and ranges of several repetitions, and per case
 * the ratio ours / the better Netty variant; our clients against a raw-socket client on our server;
 * then the idle-connection cost, plain and TLS, on fresh processes of each.
 *
 * <p>Run by {@code mvn -Pbench verify}; options (all optional) as {@code -Dbench.args="..."}:
 * {@code --repetitions=5 --duration=5s --warmup=3s --sweep-duration=2s --sweep-warmup=1s
 * --cases=pipelined-64,tls-large-1m (see TargetCase) --netty=usual,tuned --skip-tls --skip-sweep
 * --skip-clients --skip-idle --idle-connections=9000 --idle-tls-connections=2000}, or
 * {@code --only-clients} for our server and the client probes alone. Everything it prints is also
 * written to {@code summary.txt} in {@code --out}, next to the sweep report.
 */
public final class SideBySideBenchmark {

	/** The same for every server; none, so each runs as a user would start it. */
	private static final List<String> JVM_OPTIONS = List.of();

	private final Map<String, String> options;

	private final Path out;

	private final StringBuilder summary = new StringBuilder();

	private final List<NettyTruncateServer.Variant> variants;

	private SideBySideBenchmark(Map<String, String> options) {
		this.options = options;
		this.out = Path.of(options.getOrDefault("out", "target/bench"));
		this.variants = Arrays.stream(options.getOrDefault("netty", "usual,tuned").split(","))
			.map(String::trim)
			.map(NettyTruncateServer.Variant::parse)
			.toList();
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
		List<TargetCase> cases = TargetCase.selected(this.options.get("cases")).stream()
			.filter(target -> !target.tls() || !this.options.containsKey("skip-tls"))
			.toList();
		List<TargetCase> plainCases = cases.stream().filter(target -> !target.tls()).toList();
		List<TargetCase> tlsCases = cases.stream().filter(TargetCase::tls).toList();
		boolean sweep = !this.options.containsKey("skip-sweep");
		print("Generator ceiling (trivial in-process server, same JVM): " + generatorCeiling(template));
		List<SweepRun> targetRuns = new ArrayList<>();
		List<SweepRun> sweepRuns = List.of();
		LoadGenerator generator = new LoadGenerator();
		if (!plainCases.isEmpty() || sweep) {
			try (Servers servers = startServers(jar, null)) {
				targetRuns.addAll(new Sweep(generator, template).run(sweepCases(plainCases), servers.targets(),
						repetitions, SideBySideBenchmark::progress));
				if (!this.options.containsKey("skip-clients")) {
					clients(servers.ours().port(), template, repetitions);
				}
				if (sweep) {
					BenchSettings sweepTemplate = template.withTimings(duration("sweep-duration", "2s"),
							duration("sweep-warmup", "1s"));
					sweepRuns = new Sweep(generator, sweepTemplate).run(SweepMatrix.cases(), servers.targets(), 1,
							SideBySideBenchmark::progress);
				}
			}
		}
		if (!tlsCases.isEmpty()) {
			TestCertificates certificates = TestCertificates.get();
			try (Servers servers = startServers(jar, certificates)) {
				targetRuns.addAll(new Sweep(generator, template.withTls(BenchTls.trusting(certificates.certificate(), "127.0.0.1")))
					.run(sweepCases(tlsCases), servers.targets(), repetitions, SideBySideBenchmark::progress));
			}
		}
		List<IdleConnectionsProbe.Result> idle = this.options.containsKey("skip-idle") ? List.of() : idle(jar);
		report(cases, targetRuns, sweepRuns, idle, repetitions, template);
	}

	private static List<SweepCase> sweepCases(List<TargetCase> cases) {
		return cases.stream().map(TargetCase::sweepCase).distinct().toList();
	}

	/**
	 * Ours and the Netty variants, plain or TLS. If our TLS server does not start, the TLS cases run
	 * against the Netty servers alone and the summary says so; a plain server that does not start ends the run.
	 */
	private Servers startServers(Path jar, TestCertificates tls) throws IOException {
		List<BenchServer> started = new ArrayList<>();
		BenchServer ours = null;
		try {
			try {
				ours = BenchServer.ours(jar, this.out, JVM_OPTIONS, tls);
				started.add(ours);
			}
			catch (IOException ex) {
				if (tls == null) {
					throw ex;
				}
				print("our TLS server did not start, TLS cases run against Netty only: " + ex.getMessage().lines()
					.findFirst()
					.orElse(""));
			}
			for (NettyTruncateServer.Variant variant : this.variants) {
				started.add(BenchServer.netty(this.out, JVM_OPTIONS, variant, tls));
			}
			return new Servers(ours, started);
		}
		catch (IOException | RuntimeException ex) {
			started.forEach(BenchServer::close);
			throw ex;
		}
	}

	/** Servers running side by side; closing stops each of them. */
	private record Servers(BenchServer ours, List<BenchServer> all) implements AutoCloseable {

		List<BenchTarget> targets() {
			return this.all.stream().map(BenchServer::target).toList();
		}

		@Override
		public void close() {
			this.all.forEach(BenchServer::close);
		}

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

	private void report(List<TargetCase> cases, List<SweepRun> targetRuns, List<SweepRun> sweepRuns,
			List<IdleConnectionsProbe.Result> idle, int repetitions, BenchSettings template) throws IOException {
		List<CaseSummary> targets = CaseSummary.of(targetRuns);
		List<String> names = new ArrayList<>(List.of("ours"));
		this.variants.forEach(variant -> names.add(BenchServer.netty(variant, false)));
		print("");
		print("Medians of " + repetitions + " runs per case and server in rotating order ("
				+ template.warmup().toMillis() / 1000.0 + " s warmup, " + template.duration().toMillis() / 1000.0
				+ " s measured); ratio = ours / the better Netty variant of the case:");
		print("");
		print(BestNettyTable.targets(cases, targets, this.variants));
		for (String name : names) {
			print(scaling(targets, name));
		}
		print(cpuSplit(targets, names));
		for (IdleConnectionsProbe.Result result : idle) {
			print(String.format(Locale.ROOT, "idle %-15s: %,d of %,d opened in %,d ms; RSS %,d -> %,d KiB (%+,.1f MB); "
					+ "threads %d -> %d; %,d served afterwards%s", result.server(), result.opened(), result.requested(),
					result.connectMillis(), result.residentBeforeKib(), result.residentAfterKib(),
					result.growthKib() / 1024.0, result.threadsBefore(), result.threadsAfter(), result.served(),
					result.errors().isEmpty() ? "" : "; errors: " + result.errors()));
		}
		for (boolean tls : new boolean[] { false, true }) {
			print(idleRatio(idle, tls));
		}
		List<String> all = new ArrayList<>(names);
		names.forEach(name -> all.add(name + "-tls"));
		Files.writeString(this.out.resolve("targets.csv"), new SweepReport(List.of(), all, targetRuns).csv(),
				StandardCharsets.UTF_8);
		if (!sweepRuns.isEmpty()) {
			SweepReport report = new SweepReport(SweepMatrix.cases(), names, sweepRuns);
			Path html = report.write(this.out, List.of("Ours vs Netty on one shared machine, one run: the ratios, "
					+ "not the absolute figures, are the result. One " + duration("sweep-duration", "2s").toSeconds()
					+ " s window per case and server, in rotating order."));
			print("");
			print("Sweep (one run per case and server, in rotating order):");
			print("");
			print(BestNettyTable.sweep(SweepMatrix.cases(), report.summaries(), this.variants));
			print("report: " + html.toAbsolutePath());
		}
		Files.writeString(this.out.resolve("summary.txt"), this.summary, StandardCharsets.UTF_8);
	}

	/** @return RSS growth and threads added, ours / the Netty variant that grew least, plain or TLS */
	private String idleRatio(List<IdleConnectionsProbe.Result> idle, boolean tls) {
		IdleConnectionsProbe.Result ours = null;
		IdleConnectionsProbe.Result leanest = null;
		for (IdleConnectionsProbe.Result result : idle) {
			if (result.residentAfterKib() < 0) {
				continue;
			}
			if (result.server().equals(BenchServer.ours(tls))) {
				ours = result;
			}
			else if (this.variants.stream().anyMatch(v -> BenchServer.netty(v, tls).equals(result.server()))
					&& (leanest == null || result.growthKib() < leanest.growthKib())) {
				leanest = result;
			}
		}
		if (ours == null || leanest == null) {
			return "idle" + (tls ? " TLS" : "") + ": no ratio (a server was not measured)";
		}
		return String.format(Locale.ROOT, "idle%s ours / %s: RSS growth %+,.1f MB vs %+,.1f MB (%.2fx), "
				+ "threads added %d vs %d", tls ? " TLS" : "", leanest.server(), ours.growthKib() / 1024.0,
				leanest.growthKib() / 1024.0, (double) ours.growthKib() / leanest.growthKib(),
				ours.threadsAfter() - ours.threadsBefore(), leanest.threadsAfter() - leanest.threadsBefore());
	}

	/** Throughput at 1,000 connections as a share of throughput at 1 (issue 4: within +-10 %). */
	private static String scaling(List<CaseSummary> summaries, String target) {
		CaseSummary one = CaseSummary.find(summaries, new SweepCase(64, 64, 1), target);
		CaseSummary thousand = CaseSummary.find(summaries, new SweepCase(64, 64, 1000), target);
		return String.format(Locale.ROOT, "%s msgs/s at 1,000 connections / at 1: %s", target,
				ComparisonTable.ratio(thousand, one, s -> s.messagesPerSecond().median()));
	}

	private static String cpuSplit(List<CaseSummary> summaries, List<String> targets) {
		StringBuilder text = new StringBuilder("CPU split, pipelined 64 B d64 c16 (median cores of "
				+ Runtime.getRuntime().availableProcessors() + "):");
		for (String target : targets) {
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

	/** Each server on a fresh process: plain with {@code --idle-connections}, then TLS with {@code --idle-tls-connections}. */
	private List<IdleConnectionsProbe.Result> idle(Path jar) throws Exception {
		int count = Integer.parseInt(this.options.getOrDefault("idle-connections", "9000"));
		List<IdleConnectionsProbe.Result> results = new ArrayList<>();
		try (BenchServer ours = BenchServer.ours(jar, this.out, JVM_OPTIONS)) {
			results.add(IdleConnectionsProbe.run(ours, count, null));
		}
		for (NettyTruncateServer.Variant variant : this.variants) {
			try (BenchServer netty = BenchServer.netty(this.out, JVM_OPTIONS, variant, null)) {
				results.add(IdleConnectionsProbe.run(netty, count, null));
			}
		}
		if (this.options.containsKey("skip-tls")) {
			return results;
		}
		int tlsCount = Integer.parseInt(this.options.getOrDefault("idle-tls-connections", "2000"));
		TestCertificates certificates = TestCertificates.get();
		try (BenchServer ours = BenchServer.ours(jar, this.out, JVM_OPTIONS, certificates)) {
			results.add(IdleConnectionsProbe.run(ours, tlsCount, BenchTls.trusting(certificates.certificate(), "127.0.0.1")));
		}
		catch (IOException ex) {
			print("idle ours-tls: not measured: " + ex.getMessage().lines().findFirst().orElse(""));
		}
		for (NettyTruncateServer.Variant variant : this.variants) {
			try (BenchServer netty = BenchServer.netty(this.out, JVM_OPTIONS, variant, certificates)) {
				results.add(IdleConnectionsProbe.run(netty, tlsCount, BenchTls.trusting(certificates.certificate(), "127.0.0.1")));
			}
		}
		return results;
	}

	private static void progress(SweepRun run, int done, int total) {
		BenchResult r = run.result();
		System.err.printf(Locale.ROOT, "[%d/%d] %-15s %-20s %,12.0f msgs/s  p99 %,10.1f us  errors %d  cpu gen %.2f server %.2f%s%n",
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
