package dev.bufferedsockets.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The modes that run without Spring: {@code client} and {@code bench}. {@code main()} asks {@link #handles}
 * first, so these modes start fast and start no web server or TCP listener.
 */
@Command(name = "java -jar buffered-sockets.jar", mixinStandardHelpOptions = true,
		versionProvider = VersionProvider.class,
		description = { "A length-prefixed TCP service and its client.", "",
				"With no mode (or 'server'), runs the server; any Spring property may follow as --name=value." },
		synopsisSubcommandLabel = "[server | client | bench]")
public final class CommandLineModes {

	private static final Set<String> MODES = Set.of("client", "bench");

	private static final Set<String> HELP = Set.of("-h", "--help", "help", "-V", "--version");

	private CommandLineModes() {
	}

	/** @return true if {@code args} ask for a command-line mode (or help) rather than the server */
	public static boolean handles(String[] args) {
		return args.length > 0 && (MODES.contains(args[0]) || HELP.contains(args[0]) || isUnknownMode(args[0]));
	}

	/**
	 * Run a command-line mode with the given streams; text is UTF-8 whatever the platform's charset.
	 * @return the process exit code
	 */
	public static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
		CommandLine commandLine = new CommandLine(new CommandLineModes());
		commandLine.addSubcommand(new CommandLine(new ClientCommand(stdin, stdout, stderr)));
		commandLine.addSubcommand(new CommandLine(new BenchCommand(stdout, stderr)));
		commandLine.setExpandAtFiles(false); // "@text" is a message, not a file to read arguments from
		// Java 17's PrintWriter(OutputStream) would encode with the platform charset.
		commandLine.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
		commandLine.setErr(new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true));
		commandLine.setParameterExceptionHandler(CommandLineModes::usageError);
		String[] effective = "help".equals(args[0]) ? new String[] { "--help" } : args;
		return commandLine.execute(effective);
	}

	/** Bad usage: what was wrong, any "did you mean", then the usage of the command concerned. */
	private static int usageError(ParameterException ex, String[] args) {
		CommandLine command = ex.getCommandLine();
		PrintWriter err = command.getErr();
		err.println(ex.getMessage());
		UnmatchedArgumentException.printSuggestions(ex, err);
		command.usage(err);
		return ExitCodes.USAGE;
	}

	/** Standard output as UTF-8, flushed per line so replies appear as they arrive. */
	public static PrintStream utf8(OutputStream out) {
		return new PrintStream(out, true, StandardCharsets.UTF_8);
	}

	private static boolean isUnknownMode(String first) {
		return !first.startsWith("-") && !"server".equals(first);
	}

}
