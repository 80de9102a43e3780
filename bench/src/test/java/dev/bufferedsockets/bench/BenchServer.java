package dev.bufferedsockets.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bufferedsockets.test.ServerProcess;

/**
 * A server under test, ours or Netty's, in a fresh JVM of its own ({@link ServerProcess}) with its
 * output in a log file in the output directory, and what the benchmark reads off it: its name,
 * its target and its resident memory. Closing it stops that process, and only that one.
 */
final class BenchServer implements AutoCloseable {

	private static final Duration START_LIMIT = Duration.ofSeconds(180);

	private static final AtomicInteger STARTED = new AtomicInteger();

	private final String name;

	private final ServerProcess process;

	private BenchServer(String name, ServerProcess process) {
		this.name = name;
		this.process = process;
	}

	/** Our server: the packaged jar, TCP on a loopback port it picks itself, HTTP on any free port. */
	static BenchServer ours(Path jar, Path directory, List<String> jvmOptions) throws IOException {
		return new BenchServer("ours", ServerProcess.packagedServer()
			.jar(jar)
			.jvmOptions(jvmOptions.toArray(String[]::new))
			.log(log(directory, "ours"))
			.startLimit(START_LIMIT)
			.start());
	}

	/** The Netty reference server, from this JVM's own class path. */
	static BenchServer netty(Path directory, List<String> jvmOptions) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), NettyTruncateServer.class.getName(),
				"--port=0"));
		return new BenchServer("netty", ServerProcess.start(command, log(directory, "netty"), START_LIMIT));
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.process.port();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	BenchTarget target() {
		return new BenchTarget(this.name, "127.0.0.1", this.process.port(), this.process.pid());
	}

	/** @return resident memory now, in KiB, from {@code /proc/<pid>/status} */
	long residentKib() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		throw new IOException("no VmRSS in /proc/" + this.process.pid() + "/status");
	}

	@Override
	public void close() {
		this.process.close();
	}

	private static Path log(Path directory, String name) {
		return directory.resolve(name + "-" + STARTED.incrementAndGet() + ".log");
	}

}
