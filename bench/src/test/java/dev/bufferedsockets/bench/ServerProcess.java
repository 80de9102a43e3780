package dev.bufferedsockets.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bufferedsockets.support.Processes;

/**
 * A server under test in a JVM of its own, started fresh, on a loopback port, with its output in a
 * log file in the output directory. Closing it stops that process (SIGTERM, then SIGKILL), and only that one.
 */
final class ServerProcess implements AutoCloseable {

	private static final Duration START_LIMIT = Duration.ofSeconds(180);

	private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

	private final String name;

	private final Process process;

	/** What both servers log once bound; ours: "Listening for TCP frames on 127.0.0.1:N", Netty: "listening on ...". */
	private static final Pattern LISTENING = Pattern.compile("[Ll]istening (?:for TCP frames )?on 127\\.0\\.0\\.1:(\\d+)");

	private static final AtomicInteger STARTED = new AtomicInteger();

	private final Path log;

	private final int port;

	private ServerProcess(String name, List<String> command, Path directory) throws IOException, InterruptedException {
		this.name = name;
		this.log = directory.resolve(name + "-" + STARTED.incrementAndGet() + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(this.log.toFile());
		builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
		this.process = builder.start();
		this.port = awaitListening();
	}

	/**
	 * Our server: the packaged jar, TCP on a loopback port it picks itself (a port picked here and
	 * handed over could be taken meanwhile by a client's ephemeral port), HTTP on any free port.
	 */
	static ServerProcess ours(Path jar, Path directory, List<String> jvmOptions) throws IOException, InterruptedException {
		List<String> command = java(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--buffered.server.port=0", "--server.port=0",
				"--buffered.server.bind-address=127.0.0.1", "--spring.main.banner-mode=off"));
		return new ServerProcess("ours", command, directory);
	}

	/** The Netty reference server, from this JVM's own class path. */
	static ServerProcess netty(Path directory, List<String> jvmOptions) throws IOException, InterruptedException {
		List<String> command = java(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), NettyTruncateServer.class.getName(),
				"--port=0"));
		return new ServerProcess("netty", command, directory);
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	BenchTarget target() {
		return new BenchTarget(this.name, "127.0.0.1", this.port, pid());
	}

	/** @return resident memory now, in KiB, from {@code /proc/<pid>/status} */
	long residentKib() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		throw new IOException("no VmRSS in /proc/" + pid() + "/status");
	}

	@Override
	public void close() throws InterruptedException {
		Processes.stop(this.process, STOP_LIMIT);
	}

	/** @return the port the server reports it listens on */
	private int awaitListening() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + START_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException(this.name + " server exited with " + this.process.exitValue() + "; see " + this.log);
			}
			Matcher listening = LISTENING.matcher(Files.readString(this.log, StandardCharsets.ISO_8859_1));
			if (listening.find()) {
				return Integer.parseInt(listening.group(1));
			}
			Thread.sleep(200);
		}
		close();
		throw new IOException(this.name + " server did not listen within " + START_LIMIT + "; see " + this.log);
	}

	private static List<String> java(List<String> jvmOptions) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		return command;
	}

}
