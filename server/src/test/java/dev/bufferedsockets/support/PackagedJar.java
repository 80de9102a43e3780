package dev.bufferedsockets.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar ({@code target/buffered-sockets.jar}, named by failsafe's {@code buffered.jar}
 * system property) run as a user runs it, in its own JVM: {@code *IT} tests only.
 */
public final class PackagedJar {

	public static final Duration PROCESS_LIMIT = Duration.ofSeconds(60);

	private PackagedJar() {
	}

	/** @return {@code java [jvmOptions] -jar buffered-sockets.jar [args]} */
	public static List<String> command(List<String> jvmOptions, String... args) {
		String jar = System.getProperty("buffered.jar");
		assertThat(jar).as("system property buffered.jar (set by failsafe)").isNotBlank();
		assertThat(new File(jar)).as("the packaged jar").isFile();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar);
		command.addAll(Arrays.asList(args));
		return command;
	}

	/**
	 * Start the server on a free TCP port of 127.0.0.1 and any HTTP port, and wait until it listens.
	 * @param work where its output goes ({@code server.log}) and its empty standard input comes from
	 * @param args more arguments for the server
	 */
	public static Server startServer(Path work, String... args) throws IOException {
		int port = freePort();
		Path log = work.resolve("server.log");
		List<String> serverArgs = new ArrayList<>(List.of("--buffered.server.port=" + port, "--server.port=0",
				"--buffered.server.bind-address=127.0.0.1"));
		serverArgs.addAll(Arrays.asList(args));
		ProcessBuilder builder = new ProcessBuilder(command(List.of(), serverArgs.toArray(String[]::new)))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Files.createTempFile(work, "empty", ".txt").toFile()));
		withoutJvmOptionsFromTheEnvironment(builder);
		Process process = builder.start();
		Server server = new Server(process, port, log);
		await("server listening on 127.0.0.1:" + port).atMost(PROCESS_LIMIT)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> !process.isAlive() || accepts(port));
		assertThat(process.isAlive()).as(() -> "the server process exited early:%n" + server.log()).isTrue();
		return server;
	}

	/** "Picked up JAVA_TOOL_OPTIONS" would otherwise land in the output that tests read. */
	public static ProcessBuilder withoutJvmOptionsFromTheEnvironment(ProcessBuilder builder) {
		builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
		return builder;
	}

	/** @return a port on 127.0.0.1 that nothing listens on now */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** A server process started from the jar; {@link #close()} stops it (SIGTERM, then SIGKILL). */
	public record Server(Process process, int port, Path logFile) implements AutoCloseable {

		/** @return everything the server has printed so far */
		public String log() {
			try {
				return Files.readString(this.logFile);
			}
			catch (IOException ex) {
				return "(no log: " + ex + ")";
			}
		}

		@Override
		public void close() throws InterruptedException {
			Processes.stop(this.process, PROCESS_LIMIT);
		}

	}

}
