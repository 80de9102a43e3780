package dev.bufferedsockets.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.bufferedsockets.cli.CommandLineModes;

/**
 * The server jar's command line run in this JVM, as {@code main()} runs it, with its standard
 * streams captured: the one in-process runner of the server module's tests.
 */
public record CommandLineRun(int exitCode, String stdout, String stderr) {

	/** @param stdin what the command reads from standard input, as UTF-8 */
	public static CommandLineRun run(String stdin, String... args) {
		ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		ByteArrayOutputStream stderr = new ByteArrayOutputStream();
		int exitCode;
		try (PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
				PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
			exitCode = CommandLineModes.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
					out, err);
		}
		return new CommandLineRun(exitCode, stdout.toString(StandardCharsets.UTF_8),
				stderr.toString(StandardCharsets.UTF_8));
	}

}
