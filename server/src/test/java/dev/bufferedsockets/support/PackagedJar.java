package dev.bufferedsockets.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.bufferedsockets.test.ServerProcess;

/**
 * The packaged jar ({@code server/target/buffered-sockets.jar}, named by failsafe's
 * {@code buffered.server.jar} system property) run as a user runs it, in its own JVM: {@code *IT}
 * tests only. Servers start through {@link ServerProcess}, the one launcher.
 */
public final class PackagedJar {

	public static final Duration PROCESS_LIMIT = Duration.ofSeconds(60);

	private PackagedJar() {
	}

	/** @return {@code java [jvmOptions] -jar buffered-sockets.jar [args]}, for the command-line modes */
	public static List<String> command(List<String> jvmOptions, String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(ServerProcess.locateJar().toString());
		command.addAll(Arrays.asList(args));
		return command;
	}

	/**
	 * Start the server on a free TCP port of 127.0.0.1 and any HTTP port, and wait until it listens.
	 * @param work where its output goes ({@code server.log})
	 * @param args more arguments for the server
	 */
	public static ServerProcess startServer(Path work, String... args) throws IOException {
		return ServerProcess.packagedServer()
			.log(work.resolve("server.log"))
			.startLimit(PROCESS_LIMIT)
			.arguments(args)
			.start();
	}

}
