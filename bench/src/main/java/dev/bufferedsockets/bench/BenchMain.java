package dev.bufferedsockets.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;

import dev.bufferedsockets.commandline.CommandLines;
import picocli.CommandLine;

/** Entry point of {@code buffered-sockets-bench.jar}: the load generator's command line. */
public final class BenchMain {

	private BenchMain() {
	}

	public static void main(String[] args) {
		System.exit(run(args, CommandLines.utf8(new FileOutputStream(FileDescriptor.out)),
				CommandLines.utf8(new FileOutputStream(FileDescriptor.err))));
	}

	/** @return the process exit code of {@code bench} with these arguments */
	static int run(String[] args, PrintStream stdout, PrintStream stderr) {
		CommandLine commandLine = CommandLines.configure(new CommandLine(new BenchCommand(stdout, stderr)), stdout,
				stderr);
		return commandLine.execute(args);
	}

}
