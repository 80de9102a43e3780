package dev.bufferedsockets.commandline;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** How every command line of ours is set up: UTF-8 whatever the locale, and one way to report bad usage. */
public final class CommandLines {

	private CommandLines() {
	}

	/**
	 * @return {@code commandLine} writing UTF-8 to these streams, taking "@text" as an argument
	 * rather than a file of arguments, and answering bad usage with {@link ExitCodes#USAGE}
	 */
	public static CommandLine configure(CommandLine commandLine, PrintStream stdout, PrintStream stderr) {
		commandLine.setExpandAtFiles(false);
		// Java 17's PrintWriter(OutputStream) would encode with the platform charset.
		commandLine.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
		commandLine.setErr(new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true));
		commandLine.setParameterExceptionHandler(CommandLines::usageError);
		return commandLine;
	}

	/** Standard output as UTF-8, flushed per line so replies appear as they arrive. */
	public static PrintStream utf8(OutputStream out) {
		return new PrintStream(out, true, StandardCharsets.UTF_8);
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

}
