package dev.bufferedsockets.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.bufferedsockets.cli.ConformCase.Outcome;
import dev.bufferedsockets.cli.ConformCase.Target;
import dev.bufferedsockets.cli.ConformCase.Verdict;
import dev.bufferedsockets.commandline.DurationConverter;
import dev.bufferedsockets.commandline.ExitCodes;
import dev.bufferedsockets.commandline.OptionRange;
import dev.bufferedsockets.commandline.VersionProvider;
import dev.bufferedsockets.protocol.HeaderFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code conform}: check a server of this protocol that someone else wrote, case by case, or with
 * {@code --serve} be a checking server for someone's client ({@link ConformServer}). Every wait has
 * a deadline, so a server that never answers costs {@code --timeout} per case and no more.
 */
@Command(name = "conform", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = { "Check a buffered-sockets server written by anyone: run each case below against --host and "
				+ "--port and print PASS or FAIL, with what was expected and what came back.",
				"With --serve, be the server instead: answer correctly, check every frame a client sends, and print a "
						+ "report for each connection when the client disconnects." },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:every required case passed (--serve --connections N: every connection was clean)",
				"1:a required case failed (a connection had a problem), or the server could not be reached",
				"2:bad usage" })
final class ConformCommand implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Spec
	private CommandSpec spec;

	@Option(names = "--host", defaultValue = "localhost", description = "server to check (default: ${DEFAULT-VALUE})")
	private String host;

	@Option(names = "--port", defaultValue = "4567",
			description = "its TCP port; with --serve, the port to listen on, 0 = any (default: ${DEFAULT-VALUE})")
	private int port;

	@Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
			description = "longest a case may take, all its waits together; with --serve, longest a client's frame may "
					+ "stall (default: ${DEFAULT-VALUE})")
	private Duration timeout;

	@Option(names = "--header-bytes", defaultValue = "4", paramLabel = "4|2", converter = HeaderBytesConverter.class,
			description = HeaderBytesConverter.DESCRIPTION)
	private HeaderFormat headerFormat;

	@Option(names = "--case", paramLabel = "NAME", description = "run only this case (repeatable)")
	private List<String> only = new ArrayList<>();

	@Option(names = "--json", description = "print JSON instead of text: one object (--serve: one per line)")
	private boolean json;

	@Option(names = "--serve", description = "be a checking server for a client instead of checking a server")
	private boolean serve;

	@Option(names = "--bind", defaultValue = "127.0.0.1",
			description = "with --serve, the address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
	private String bind;

	@Option(names = "--connections", defaultValue = "0",
			description = "with --serve, exit after this many connections, 0 = serve until stopped (default: ${DEFAULT-VALUE})")
	private int connections;

	@Option(names = "--idle-timeout", defaultValue = "60s", converter = DurationConverter.class,
			description = "with --serve, how long a client may stay silent between frames (default: ${DEFAULT-VALUE})")
	private Duration idleTimeout;

	private final PrintStream stdout;

	private final PrintStream stderr;

	private ConformCommand(PrintStream stdout, PrintStream stderr) {
		this.stdout = stdout;
		this.stderr = stderr;
	}

	/** @return the command with the list of cases at the end of its usage */
	static CommandLine commandLine(PrintStream stdout, PrintStream stderr) {
		CommandLine commandLine = new CommandLine(new ConformCommand(stdout, stderr));
		List<String> footer = new ArrayList<>(List.of("", "Cases (with 2-byte headers, 'long' is 65,535 characters):"));
		for (ConformCase conformCase : ServerCases.all(HeaderFormat.FOUR_BYTES)) {
			footer.add(String.format("  %-25s %s%s", conformCase.name(), conformCase.required() ? "" : "(reported only) ",
					conformCase.description()));
		}
		footer.add("");
		footer.add("With --serve, each frame must have a header that matches its payload, valid UTF-8, and nothing after "
				+ "it but the next header.");
		commandLine.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
		return commandLine;
	}

	@Override
	public Integer call() throws IOException {
		OptionRange.check(this.spec, "--port", this.port, this.serve ? 0 : 1, 65535);
		OptionRange.check(this.spec, "--timeout (ms)", this.timeout.toMillis(), 1, Duration.ofHours(1).toMillis());
		OptionRange.check(this.spec, "--idle-timeout (ms)", this.idleTimeout.toMillis(), 1, Duration.ofDays(1).toMillis());
		OptionRange.check(this.spec, "--connections", this.connections, 0, Integer.MAX_VALUE);
		if (this.serve) {
			return new ConformServer(this.headerFormat, this.timeout, this.idleTimeout, this.json, this.stdout)
				.serve(this.bind, this.port, this.connections, this.stderr);
		}
		List<ConformCase> cases = selectedCases();
		String target = this.host + ":" + this.port;
		try (Socket reachable = new Socket()) {
			reachable.connect(new InetSocketAddress(this.host, this.port), (int) this.timeout.toMillis());
		}
		catch (IOException ex) {
			this.stderr.println("error: cannot connect to " + target + ": " + ex.getMessage());
			return ExitCodes.UNAVAILABLE;
		}
		if (!this.json) {
			this.stdout.println("conform: checking " + target + " with " + this.headerFormat + "s, " + cases.size()
					+ " cases, each within " + this.timeout.toMillis() + " ms");
		}
		List<Map<String, Object>> results = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		int required = 0;
		for (ConformCase conformCase : cases) {
			long start = System.nanoTime();
			Outcome outcome = run(conformCase);
			long millis = (System.nanoTime() - start) / 1_000_000;
			required += conformCase.required() ? 1 : 0;
			if (outcome.verdict() == Verdict.FAIL) {
				failed.add(conformCase.name());
			}
			results.add(result(conformCase, outcome, millis));
			if (!this.json) {
				print(conformCase, outcome);
			}
		}
		if (this.json) {
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("target", target);
			report.put("headerBytes", this.headerFormat.bytes());
			report.put("passed", failed.isEmpty());
			report.put("failed", failed);
			report.put("cases", results);
			this.stdout.println(JSON.writeValueAsString(report));
		}
		else {
			this.stdout.println(failed.isEmpty() ? "PASS: all " + required + " required cases passed"
					: "FAIL: " + failed.size() + " of " + required + " required cases failed: " + String.join(", ", failed));
		}
		return failed.isEmpty() ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
	}

	private List<ConformCase> selectedCases() {
		List<ConformCase> all = ServerCases.all(this.headerFormat);
		if (this.only.isEmpty()) {
			return all;
		}
		List<ConformCase> selected = new ArrayList<>();
		for (String name : this.only) {
			selected.add(all.stream()
				.filter(conformCase -> conformCase.name().equals(name))
				.findFirst()
				.orElseThrow(() -> new ParameterException(this.spec.commandLine(), "--case " + name
						+ " is not a case; the cases are listed in conform --help")));
		}
		return selected;
	}

	private Outcome run(ConformCase conformCase) {
		Target target = Target.of(this.host, this.port, this.headerFormat, this.timeout);
		Outcome outcome;
		try {
			outcome = conformCase.check().run(target);
		}
		catch (IOException ex) {
			String why = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			outcome = Outcome.fail("the connection failed: " + why);
		}
		if (!conformCase.required() && outcome.verdict() != Verdict.NOTE) {
			return new Outcome(Verdict.NOTE, outcome.details());
		}
		return outcome;
	}

	private void print(ConformCase conformCase, Outcome outcome) {
		this.stdout.println(String.format("%-4s  %-25s %s%s", outcome.verdict(), conformCase.name(),
				conformCase.required() ? "" : "(not specified by the assignment) ", conformCase.description()));
		for (String detail : outcome.details()) {
			this.stdout.println("      " + detail);
		}
	}

	private static Map<String, Object> result(ConformCase conformCase, Outcome outcome, long millis) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("name", conformCase.name());
		result.put("required", conformCase.required());
		result.put("result", outcome.verdict().name().toLowerCase(Locale.ROOT));
		result.put("description", conformCase.description());
		result.put("details", outcome.details());
		result.put("millis", millis);
		return result;
	}

}
