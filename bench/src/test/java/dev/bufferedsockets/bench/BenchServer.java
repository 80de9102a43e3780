package dev.bufferedsockets.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bufferedsockets.test.ServerProcess;
import dev.bufferedsockets.test.TestCertificates;

/**
 * A server under test, ours or one of Netty's, plain or TLS, in a fresh JVM of its own
 * ({@link ServerProcess}) with its output in a log file in the output directory, and what the
 * benchmark reads off it: its name ("ours", "netty-tuned-tls", ...), its target, its resident
 * memory and its threads. Closing it stops that process, and only that one.
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

	/** Our server, plain TCP: the packaged jar, TCP on a loopback port it picks itself, HTTP on any free port. */
	static BenchServer ours(Path jar, Path directory, List<String> jvmOptions) throws IOException {
		return ours(jar, directory, jvmOptions, null);
	}

	/** @param tls the key material to serve TLS with (an SSL bundle of the key store), or null for plain TCP */
	static BenchServer ours(Path jar, Path directory, List<String> jvmOptions, TestCertificates tls)
			throws IOException {
		List<String> arguments = new ArrayList<>();
		if (tls != null) {
			arguments.addAll(List.of("--buffered.server.ssl-bundle=bench",
					"--spring.ssl.bundle.jks.bench.keystore.location=" + tls.keyStore().toUri(),
					"--spring.ssl.bundle.jks.bench.keystore.password=" + TestCertificates.PASSWORD,
					"--spring.ssl.bundle.jks.bench.keystore.type=PKCS12"));
		}
		String name = ours(tls != null);
		return new BenchServer(name, ServerProcess.packagedServer()
			.jar(jar)
			.jvmOptions(jvmOptions.toArray(String[]::new))
			.arguments(arguments.toArray(String[]::new))
			.log(log(directory, name))
			.startLimit(START_LIMIT)
			.start());
	}

	/** The usual Netty reference server, plain TCP, from this JVM's own class path. */
	static BenchServer netty(Path directory, List<String> jvmOptions) throws IOException {
		return netty(directory, jvmOptions, NettyTruncateServer.Variant.USUAL, null);
	}

	/** @param tls the key material to serve TLS with, or null for plain TCP */
	static BenchServer netty(Path directory, List<String> jvmOptions, NettyTruncateServer.Variant variant,
			TestCertificates tls) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), NettyTruncateServer.class.getName(),
				"--port=0", "--variant=" + variant.label()));
		if (tls != null) {
			command.addAll(List.of("--tls", "--key-store=" + tls.keyStore(),
					"--key-store-password=" + TestCertificates.PASSWORD));
		}
		String name = netty(variant, tls != null);
		return new BenchServer(name, ServerProcess.start(command, log(directory, name), START_LIMIT));
	}

	/** @return what the reports call our server: "ours" or "ours-tls" */
	static String ours(boolean tls) {
		return tls ? "ours-tls" : "ours";
	}

	/** @return what the reports call a Netty server, e.g. "netty-usual" or "netty-tuned-tls" */
	static String netty(NettyTruncateServer.Variant variant, boolean tls) {
		return "netty-" + variant.label() + (tls ? "-tls" : "");
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
		return status("VmRSS:");
	}

	/** @return the process's threads now, from {@code /proc/<pid>/status} */
	int threads() throws IOException {
		return (int) status("Threads:");
	}

	private long status(String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))) {
			if (line.startsWith(field)) {
				return Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		throw new IOException("no " + field + " in /proc/" + this.process.pid() + "/status");
	}

	@Override
	public void close() {
		this.process.close();
	}

	private static Path log(Path directory, String name) {
		return directory.resolve(name + "-" + STARTED.incrementAndGet() + ".log");
	}

}
