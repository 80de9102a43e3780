package dev.bufferedsockets.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Set;

import dev.bufferedsockets.commandline.CommandLines;
import dev.bufferedsockets.commandline.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The modes that run without Spring: {@code client}, the protocol tools {@code conform} and
 * {@code trace}, and help. {@code main()} asks {@link #handles}
 * first, so these modes start fast and start no web server or TCP listener.
 */
@Command(name = "java -jar buffered-sockets.jar", mixinStandardHelpOptions = true,
		versionProvider = VersionProvider.class,
		description = { "A length-prefixed TCP service and its client.", "",
				"With no mode (or 'server'), runs the server; any Spring property may follow as --name=value.",
				"client sends messages; conform checks a server (or, with --serve, a client) written by anyone; "
						+ "trace forwards connections and prints every frame." },
		synopsisSubcommandLabel = "[server | client | conform | trace]")
public final class CommandLineModes {

	private static final Set<String> MODES = Set.of("client", "conform", "trace");

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
		commandLine.addSubcommand(ConformCommand.commandLine(stdout, stderr));
		commandLine.addSubcommand(new CommandLine(new TraceCommand(stdout, stderr)));
		CommandLines.configure(commandLine, stdout, stderr);
		String[] effective = "help".equals(args[0]) ? new String[] { "--help" } : args;
		return commandLine.execute(effective);
	}

	private static boolean isUnknownMode(String first) {
		return !first.startsWith("-") && !"server".equals(first);
	}

}
