package dev.bufferedsockets.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The modes that run without Spring: {@code client} today. {@code main()} asks {@link #handles}
 * first, so these modes start fast and start no web server or TCP listener.
 */
@Command(name = "java -jar buffered-sockets.jar", mixinStandardHelpOptions = true,
		description = { "A length-prefixed TCP service and its client.", "",
				"With no mode (or 'server'), runs the server; any Spring property may follow as --name=value." },
		synopsisSubcommandLabel = "[server | client]")
public final class CommandLineModes {

	private static final Set<String> MODES = Set.of("client");

	private static final Set<String> HELP = Set.of("-h", "--help", "help");

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
		commandLine.setOut(new PrintWriter(stdout, true));
		commandLine.setErr(new PrintWriter(stderr, true));
		String[] effective = "help".equals(args[0]) ? new String[] { "--help" } : args;
		return commandLine.execute(effective);
	}

	/** Standard output as UTF-8, flushed per line so replies appear as they arrive. */
	public static PrintStream utf8(java.io.OutputStream out) {
		return new PrintStream(out, true, StandardCharsets.UTF_8);
	}

	private static boolean isUnknownMode(String first) {
		return !first.startsWith("-") && !"server".equals(first);
	}

}
