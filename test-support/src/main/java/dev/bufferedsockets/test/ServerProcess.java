package dev.bufferedsockets.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server of this protocol in a JVM of its own, as a user runs it: by default the packaged
 * buffered-sockets jar ({@link #packagedServer()}). It is started on a port it picks itself (a
 * port picked here and handed over could be taken meanwhile) and is ready once its log says where
 * it listens. {@link #close()} stops that process, and only that one (SIGTERM, then SIGKILL); if the
 * test JVM ends first, a shutdown hook kills it, so no server outlives its tests.
 */
public final class ServerProcess implements AutoCloseable {

	/** The system property naming the server jar; {@code BUFFERED_SERVER_JAR} is its environment twin. */
	public static final String JAR_PROPERTY = "buffered.server.jar";

	/** Ours: "Listening for TCP frames on 127.0.0.1:N"; the benchmark's Netty servers: "listening on 127.0.0.1:N". */
	private static final Pattern LISTENING = Pattern.compile("[Ll]istening (?:for TCP frames )?on \\S*?:(\\d+)\\b");

	private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

	private final Process process;

	private final Path log;

	private final int port;

	private final Thread killOnExit;

	private ServerProcess(List<String> command, Path log, Duration startLimit) throws IOException {
		this.log = log;
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(emptyFile(log)));
		withoutJvmOptionsFromTheEnvironment(builder);
		this.process = builder.start();
		this.killOnExit = new Thread(this.process::destroyForcibly, "stop " + log.getFileName());
		Runtime.getRuntime().addShutdownHook(this.killOnExit);
		try {
			this.port = awaitListening(startLimit);
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/** @return a builder for the packaged buffered-sockets server ({@link #locateJar()}) on 127.0.0.1 */
	public static Builder packagedServer() {
		return new Builder();
	}

	/**
	 * Start any server command whose output says where it listens, as this class's pattern reads it.
	 * @param log where its standard output and error go
	 */
	public static ServerProcess start(List<String> command, Path log, Duration startLimit) throws IOException {
		return new ServerProcess(command, log, startLimit);
	}

	/**
	 * The server jar: the system property {@value #JAR_PROPERTY}, else the environment variable
	 * {@code BUFFERED_SERVER_JAR}, else the version that matches this library in the local Maven
	 * repository (where {@code mvn install} of buffered-sockets puts it).
	 * @throws IllegalStateException naming every place looked at, if none holds the jar
	 */
	public static Path locateJar() {
		List<String> tried = new ArrayList<>();
		for (String named : new String[] { System.getProperty(JAR_PROPERTY), System.getenv("BUFFERED_SERVER_JAR") }) {
			if (named != null && !named.isBlank()) {
				Path jar = Path.of(named);
				if (Files.isRegularFile(jar)) {
					return jar;
				}
				tried.add(jar.toString());
			}
		}
		String version = ownVersion();
		String repository = System.getProperty("maven.repo.local",
				Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
		Path installed = Path.of(repository, "dev", "bufferedsockets", "buffered-sockets-server", version,
				"buffered-sockets-server-" + version + ".jar");
		if (Files.isRegularFile(installed)) {
			return installed;
		}
		tried.add(installed.toString());
		throw new IllegalStateException("No buffered-sockets server jar: set -D" + JAR_PROPERTY
				+ "=PATH or BUFFERED_SERVER_JAR, or run `mvn install` in buffered-sockets; looked at " + tried);
	}

	/** "Picked up JAVA_TOOL_OPTIONS" would otherwise land in the output that tests read. */
	public static ProcessBuilder withoutJvmOptionsFromTheEnvironment(ProcessBuilder builder) {
		builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
		return builder;
	}

	/** @return the TCP port the server listens on */
	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public Process process() {
		return this.process;
	}

	/** @return everything the server has printed so far */
	public String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	public Path logFile() {
		return this.log;
	}

	/** Stop the server: SIGTERM, so it shuts down gracefully, then SIGKILL if it is still running after 30 s. */
	@Override
	public void close() {
		try {
			this.process.destroy();
			if (!this.process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		finally {
			removeShutdownHook();
		}
	}

	private void removeShutdownHook() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.killOnExit);
		}
		catch (IllegalStateException shuttingDown) {
			// the hook is running or about to: nothing to remove
		}
	}

	private int awaitListening(Duration limit) throws IOException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (true) {
			Matcher listening = LISTENING.matcher(Files.readString(this.log, StandardCharsets.ISO_8859_1));
			if (listening.find()) {
				return Integer.parseInt(listening.group(1));
			}
			if (!this.process.isAlive()) {
				throw new IOException("the server exited with " + this.process.exitValue() + " before listening:\n" + log());
			}
			if (System.nanoTime() > deadline) {
				throw new IOException("the server did not listen within " + limit + ":\n" + log());
			}
			try {
				this.process.waitFor(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted while waiting for the server to listen", ex);
			}
		}
	}

	private static java.io.File emptyFile(Path log) throws IOException {
		Path empty = Files.createTempFile(log.toAbsolutePath().getParent(), "stdin", ".txt");
		empty.toFile().deleteOnExit();
		return empty.toFile();
	}

	private static String ownVersion() {
		try (InputStream in = ServerProcess.class.getResourceAsStream("version.properties")) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("buffered-sockets-test has no version.properties", ex);
		}
	}

	/** How to start the packaged server; every setting has a default. */
	public static final class Builder {

		/** A free TCP port picked by the server, loopback only, any HTTP port, no banner; arguments override each. */
		private static final List<String> DEFAULTS = List.of("--buffered.server.port=0",
				"--buffered.server.bind-address=127.0.0.1", "--server.port=0", "--spring.main.banner-mode=off");

		private Path jar;

		private final List<String> jvmOptions = new ArrayList<>();

		private final List<String> arguments = new ArrayList<>();

		private Path log;

		private Duration startLimit = Duration.ofSeconds(120);

		private Builder() {
		}

		/** The jar to run; default {@link #locateJar()}. */
		public Builder jar(Path jar) {
			this.jar = jar;
			return this;
		}

		/** Options for the server's JVM, such as {@code -Xmx256m}. */
		public Builder jvmOptions(String... options) {
			this.jvmOptions.addAll(Arrays.asList(options));
			return this;
		}

		/** Server arguments; a {@code --name=value} setting replaces the default of that name. */
		public Builder arguments(String... arguments) {
			this.arguments.addAll(Arrays.asList(arguments));
			return this;
		}

		/** Where the server's output goes; default a new temporary file. */
		public Builder log(Path log) {
			this.log = log;
			return this;
		}

		public Builder startLimit(Duration startLimit) {
			this.startLimit = startLimit;
			return this;
		}

		/** @return the {@code java ... -jar ...} command this builder would run */
		public List<String> command() {
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(this.jvmOptions);
			command.add("-jar");
			command.add(((this.jar != null) ? this.jar : locateJar()).toString());
			for (String setting : DEFAULTS) {
				String name = setting.substring(0, setting.indexOf('=') + 1);
				if (this.arguments.stream().noneMatch(argument -> argument.startsWith(name))) {
					command.add(setting); // Spring would join a repeated setting into a list
				}
			}
			command.addAll(this.arguments);
			return command;
		}

		/** Start the server and wait until it listens. */
		public ServerProcess start() throws IOException {
			Path output = (this.log != null) ? this.log : Files.createTempFile("buffered-server", ".log");
			return new ServerProcess(command(), output, this.startLimit);
		}

		/** {@link #start()} for code that cannot throw checked exceptions. */
		public ServerProcess startUnchecked() {
			try {
				return start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
