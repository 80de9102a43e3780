package dev.bufferedsockets.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bufferedsockets.cli.CommandLineModes;

import static org.awaitility.Awaitility.await;

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

	/**
	 * Start a mode that runs until it is done (a server, a proxy) on a thread of its own, with empty
	 * standard input; its output can be read while it runs.
	 */
	public static Running start(String... args) {
		return new Running(args);
	}

	/** A command running on its own thread. {@link #close()} stops it if it has not finished. */
	public static final class Running implements AutoCloseable {

		private static final Duration LIMIT = Duration.ofSeconds(30);

		private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

		private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

		private final AtomicInteger exitCode = new AtomicInteger(Integer.MIN_VALUE);

		private final Thread thread;

		private Running(String[] args) {
			PrintStream out = new PrintStream(this.stdout, true, StandardCharsets.UTF_8);
			PrintStream err = new PrintStream(this.stderr, true, StandardCharsets.UTF_8);
			this.thread = new Thread(() -> this.exitCode.set(CommandLineModes.run(args,
					new ByteArrayInputStream(new byte[0]), out, err)), "command-line-" + args[0]);
			this.thread.setDaemon(true);
			this.thread.start();
		}

		/** @return standard output so far */
		public String stdout() {
			synchronized (this.stdout) {
				return this.stdout.toString(StandardCharsets.UTF_8);
			}
		}

		/** @return the first group of {@code pattern}'s first match in standard output, once there is one */
		public String awaitOutput(Pattern pattern) {
			await().atMost(LIMIT).until(() -> pattern.matcher(stdout()).find() || !this.thread.isAlive());
			Matcher matcher = pattern.matcher(stdout());
			if (!matcher.find()) {
				throw new AssertionError("the command ended without printing " + pattern + ":\n" + stdout() + "\n"
						+ this.stderr.toString(StandardCharsets.UTF_8));
			}
			return matcher.group(1);
		}

		/** @return the port the command says it listens on ("listening on HOST:PORT") */
		public int listeningPort() {
			return Integer.parseInt(awaitOutput(Pattern.compile("listening on [^ ]+:(\\d+)")));
		}

		/** @return how the command ended, waiting for it to end by itself */
		public CommandLineRun finish() throws InterruptedException {
			this.thread.join(LIMIT.toMillis());
			if (this.thread.isAlive()) {
				throw new AssertionError("the command did not finish within " + LIMIT + ":\n" + stdout());
			}
			return new CommandLineRun(this.exitCode.get(), stdout(), this.stderr.toString(StandardCharsets.UTF_8));
		}

		/** Stop the command if it still runs: its listening channel closes when the thread is interrupted. */
		@Override
		public void close() throws InterruptedException {
			this.thread.interrupt();
			this.thread.join(LIMIT.toMillis());
			if (this.thread.isAlive()) {
				throw new AssertionError(this.thread.getName() + " did not stop within " + LIMIT);
			}
		}

	}

}
