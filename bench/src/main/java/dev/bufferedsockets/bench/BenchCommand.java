package dev.bufferedsockets.bench;

import dev.bufferedsockets.commandline.DurationConverter;
import dev.bufferedsockets.commandline.ExitCodes;
import dev.bufferedsockets.commandline.OptionRange;
import dev.bufferedsockets.commandline.VersionProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench}: load a server of the protocol and measure it. Every reply is checked against the
 * one its request must get. Standard output carries the summary (or the JSON object) only; the
 * live progress line goes to standard error.
 */
@Command(name = "java -jar buffered-sockets-bench.jar", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		sortOptions = false,
		description = { "Load a buffered-sockets server on this machine and report msgs/s, MB/s, latency "
				+ "p50/p99/p99.9/max and errors; every reply is verified.",
				"--sweep runs a fixed matrix (16 B-1 MiB, depth 1 and 64, 1/16/256 connections) and writes "
						+ "sweep.html and sweep.csv to --out." },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:the run had no errors", "1:a connection failed, or a reply was wrong or missing",
				"2:bad usage" })
class BenchCommand implements Callable<Integer> {

	static final int MAX_CONNECTIONS = 10_000;

	private static final Duration MAX_DURATION = Duration.ofHours(1);

	private static final Duration MAX_WARMUP = Duration.ofMinutes(10);

	private static final Duration SWEEP_DURATION = Duration.ofSeconds(2);

	private static final Duration SWEEP_WARMUP = Duration.ofSeconds(1);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Spec
	private CommandSpec spec;

	@Option(names = "--host", defaultValue = "127.0.0.1", description = "server host, loopback only (default: ${DEFAULT-VALUE})")
	private String host;

	@Option(names = "--port", defaultValue = "4567", description = "server TCP port (default: ${DEFAULT-VALUE})")
	private int port;

	@Option(names = "--connections", defaultValue = "16",
			description = "connections, 1-" + MAX_CONNECTIONS + " (default: ${DEFAULT-VALUE})")
	private int connections;

	@Option(names = "--size", defaultValue = "64", description = "payload bytes per request (default: ${DEFAULT-VALUE})")
	private int size;

	@Option(names = "--depth", defaultValue = "1",
			description = "requests in flight per connection; 1 = request/response (default: ${DEFAULT-VALUE})")
	private int depth;

	@Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
			description = "measured time, e.g. 10s, 500ms, 2m; at most 1h (default: ${DEFAULT-VALUE}; 2s per case with --sweep)")
	private Duration duration;

	@Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class,
			description = "load before measuring; at most 10m (default: ${DEFAULT-VALUE}; 1s per case with --sweep)")
	private Duration warmup;

	@Option(names = "--truncate-chars", defaultValue = "10",
			description = "code points the server drops from each payload, as its buffered.server.truncate-chars (default: ${DEFAULT-VALUE})")
	private int truncateChars;

	@Option(names = "--text", defaultValue = "ascii",
			description = "payload text: ascii, or mixed (a third multi-byte, emoji included) (default: ${DEFAULT-VALUE})")
	private String text;

	@Option(names = "--threads", defaultValue = "1", description = "generator selector threads, 1-64 (default: ${DEFAULT-VALUE})")
	private int threads;

	@Option(names = "--server-pid", defaultValue = "0", description = "the server's pid, to report its CPU next to the generator's")
	private long serverPid;

	@Option(names = "--json", description = "print one JSON object instead of the summary table")
	private boolean json;

	@Option(names = "--quiet", description = "no progress line")
	private boolean quiet;

	@Option(names = "--in-process",
			description = "load a trivial server inside this JVM instead (--host/--port ignored): the generator's own ceiling")
	private boolean inProcess;

	@Option(names = "--sweep", description = "run the fixed matrix and write the report")
	private boolean sweep;

	@Option(names = "--out", defaultValue = "target/bench", description = "where --sweep writes (default: ${DEFAULT-VALUE})")
	private Path out;

	@Option(names = "--tls", description = "connect with TLS (the server's certificate must name --tls-host, default --host)")
	private boolean tls;

	@Option(names = "--ca-cert", paramLabel = "<PEM file>",
			description = "with --tls: trust exactly the certificates in this PEM file (default: the JDK's trust store)")
	private Path caCert;

	@Option(names = "--tls-host", paramLabel = "<name>",
			description = "with --tls: the name the server's certificate must carry, sent as SNI if it is a host name "
					+ "(default: --host); connections still go to --host")
	private String tlsHost;

	@Option(names = "--allow-remote", description = "allow a host that is not loopback (off: load tests stay on this machine)")
	private boolean allowRemote;

	private final PrintStream stdout;

	private final PrintStream stderr;

	BenchCommand(PrintStream stdout, PrintStream stderr) {
		this.stdout = stdout;
		this.stderr = stderr;
	}

	@Override
	public Integer call() throws Exception {
		BenchSettings settings = settings();
		if (!this.inProcess) {
			checkLoopback();
		}
		if (this.inProcess && this.tls) {
			throw usage("--in-process serves plain TCP only; leave out --tls");
		}
		BenchTls tlsSettings = tls();
		try (InProcess server = this.inProcess ? new InProcess(InProcessTruncateServer.start(this.truncateChars)) : null) {
			LoadGenerator generator = (server != null) ? new LoadGenerator(server.server()::cpuNanos)
					: new LoadGenerator();
			String host = (server != null) ? "127.0.0.1" : this.host;
			int targetPort = (server != null) ? server.server().port() : this.port;
			BenchSettings target = settings.withTarget(host, targetPort, this.serverPid).withTls(tlsSettings);
			return this.sweep ? sweep(generator, target) : single(generator, target);
		}
		catch (IOException ex) {
			this.stderr.println("error: " + ex.getMessage());
			return ExitCodes.UNAVAILABLE;
		}
	}

	private int single(LoadGenerator generator, BenchSettings settings) throws IOException, InterruptedException {
		ProgressLine progress = new ProgressLine(this.stderr);
		BenchResult result = generator.run(settings, this.quiet ? (p, e, t, r, x) -> { } : progress);
		progress.finish();
		this.stdout.print(this.json ? JSON.writeValueAsString(result) + System.lineSeparator()
				: BenchSummary.format(result));
		return (result.errors() == 0 && result.messages() > 0) ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
	}

	private int sweep(LoadGenerator generator, BenchSettings settings) throws IOException, InterruptedException {
		BenchTarget target = new BenchTarget(this.inProcess ? "in-process" : "server", settings.host(),
				settings.port(), settings.serverPid());
		List<SweepRun> runs = new Sweep(generator, settings).run(SweepMatrix.cases(), List.of(target), 1,
				(run, done, total) -> {
					if (!this.quiet) {
						this.stderr.printf(Locale.ROOT, "[%d/%d] %s: %,.0f msgs/s, p99 %,.1f us, errors %d%n", done,
								total, run.sweepCase().label(), run.result().messagesPerSecond(),
								run.result().latencyMicros().p99(), run.result().errors());
					}
				});
		SweepReport report = new SweepReport(SweepMatrix.cases(), List.of(target.name()), runs);
		Path html = report.write(this.out, List.of("One server, " + settings.duration().toMillis() + " ms per case after "
				+ settings.warmup().toMillis() + " ms warmup."));
		long errors = runs.stream().mapToLong(run -> run.result().errors()).sum();
		if (this.json) {
			this.stdout.println(JSON.writeValueAsString(Map.of("html", html.toString(),
					"csv", html.resolveSibling("sweep.csv").toString(), "errors", errors,
					"runs", runs.stream().map(SweepRun::result).toList())));
		}
		else {
			this.stdout.print(ComparisonTable.format(SweepMatrix.cases(), List.of(target.name()), report.summaries()));
			this.stdout.println("report: " + html);
		}
		return (errors == 0) ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
	}

	private BenchSettings settings() {
		OptionRange.check(this.spec, "--port", this.port, 1, 65535);
		OptionRange.check(this.spec, "--connections", this.connections, 1, MAX_CONNECTIONS);
		OptionRange.check(this.spec, "--size", this.size, 0, 16 * 1024 * 1024);
		OptionRange.check(this.spec, "--depth", this.depth, 1, 4096);
		OptionRange.check(this.spec, "--threads", this.threads, 1, 64);
		Duration measured = this.duration;
		Duration warm = this.warmup;
		if (this.sweep) {
			measured = matched("--duration") ? measured : SWEEP_DURATION;
			warm = matched("--warmup") ? warm : SWEEP_WARMUP;
		}
		if (measured.isZero() || measured.compareTo(MAX_DURATION) > 0) {
			throw usage("--duration must be more than 0 and at most 1h, was " + this.duration);
		}
		if (warm.compareTo(MAX_WARMUP) > 0) {
			throw usage("--warmup must be at most 10m, was " + this.warmup);
		}
		return new BenchSettings(this.host, this.port, this.connections, this.size, this.depth, measured, warm,
				payloadText(), this.threads, this.serverPid, this.truncateChars);
	}

	private BenchTls tls() {
		if (!this.tls) {
			if (this.caCert != null || this.tlsHost != null) {
				throw usage("--ca-cert and --tls-host need --tls");
			}
			return null;
		}
		String name = (this.tlsHost != null) ? this.tlsHost : this.host;
		if (this.caCert != null && !Files.isRegularFile(this.caCert)) {
			throw usage("--ca-cert=" + this.caCert + " is not a file");
		}
		try {
			return (this.caCert != null) ? BenchTls.trusting(this.caCert, name) : BenchTls.defaultTrust(name);
		}
		catch (IOException ex) {
			throw usage(ex.getMessage());
		}
	}

	private PayloadText payloadText() {
		try {
			return PayloadText.valueOf(this.text.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw usage("--text must be one of " + Arrays.toString(PayloadText.values()).toLowerCase(Locale.ROOT)
					+ ", was " + this.text);
		}
	}

	/** Load tests talk to this machine only, unless the operator says otherwise in so many words. */
	private void checkLoopback() {
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(this.host);
		}
		catch (UnknownHostException ex) {
			throw usage("--host=" + this.host + " cannot be resolved");
		}
		boolean loopback = Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
		if (!loopback && !this.allowRemote) {
			throw usage("--host=" + this.host + " is not a loopback address; bench loads this machine only "
					+ "(add --allow-remote to load another machine you are responsible for)");
		}
	}

	private boolean matched(String option) {
		return this.spec.commandLine().getParseResult().hasMatchedOption(option);
	}

	private ParameterException usage(String message) {
		return new ParameterException(this.spec.commandLine(), message);
	}

	/** Closes the in-process server with the run. */
	private record InProcess(InProcessTruncateServer server) implements AutoCloseable {

		@Override
		public void close() throws InterruptedException {
			this.server.close();
		}

	}

}
