package dev.bufferedsockets.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import dev.bufferedsockets.test.FreePorts;
import dev.bufferedsockets.test.ServerProcess;
import dev.bufferedsockets.support.PackagedJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a user runs it: {@code java -jar buffered-sockets.jar client ...} against a
 * server started from the same jar in another process.
 */
class CommandLineJarIT {

	/** The platform charset the client runs with, to show it does not leak into what it prints. */
	private static final String LATIN_1 = "-Dfile.encoding=ISO-8859-1";

	/** A locale whose charset is not UTF-8. */
	private static final Map<String, String> C_LOCALE = Map.of("LANG", "C", "LC_ALL", "C");

	/**
	 * A UTF-8 locale. The JVM decodes command-line arguments with the locale's charset before
	 * main() runs, so non-ASCII message arguments need one.
	 */
	private static final Map<String, String> UTF8_LOCALE = Map.of("LANG", "C.UTF-8", "LC_ALL", "C.UTF-8");

	@TempDir
	static Path work;

	private static ServerProcess server;

	private static int serverPort;

	@BeforeAll
	static void startServer() throws IOException {
		server = PackagedJar.startServer(work);
		serverPort = server.port();
	}

	@AfterAll
	static void stopServer() throws InterruptedException {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void clientPrintsExactlyTheRepliesInUtf8WhateverThePlatformCharset() throws Exception {
		Result result = runJar(List.of(LATIN_1), UTF8_LOCALE, "", "client", "--host=127.0.0.1", "--port=" + serverPort,
				"héllo wörld – 😀 done twelve", "Four score and seven years ago", "0123456789");

		assertThat(result.stdoutText()).as("stdout holds the replies and nothing else (no banner, no logs)")
			.isEqualTo(lines("d – 😀 done twelve", " and seven years ago", ""));
		assertThat(result.stdout()).as("stdout is UTF-8 though the platform charset is ISO-8859-1")
			.isEqualTo(lines("d – 😀 done twelve", " and seven years ago", "").getBytes(StandardCharsets.UTF_8));
		assertThat(result.stderrText()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void standardInputAndOutputAreUtf8EvenInTheCLocale() throws Exception {
		Result result = runJar(List.of(LATIN_1), C_LOCALE, "héllo wörld – 😀 done twelve\n日本語のテキストです。漢字とかな\n",
				"client", "--host=127.0.0.1", "--port=" + serverPort);

		assertThat(result.stdout())
			.isEqualTo(lines("d – 😀 done twelve", "。漢字とかな").getBytes(StandardCharsets.UTF_8));
		assertThat(result.stderrText()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void withoutMessagesRepliesToEachLineOfStandardInput() throws Exception {
		Result result = runJar(List.of(), Map.of(), "Four score and seven years ago\r\n0123456789 second line\n", "client",
				"--host=127.0.0.1", "--port=" + serverPort);

		assertThat(result.stdoutText()).isEqualTo(lines(" and seven years ago", " second line"));
		assertThat(result.stderrText()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void unreachableServerIsOneErrorLineAndExitCodeOne() throws Exception {
		int closedPort = FreePorts.freePort();

		Result result = runJar(List.of(), Map.of(), "", "client", "--host=127.0.0.1", "--port=" + closedPort,
				"hello there, anybody home?");

		assertThat(result.stdoutText()).isEmpty();
		assertThat(result.stderrText()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in");
		assertThat(result.stderrText().lines()).as("stderr is one line").hasSize(1);
		assertThat(result.stderrText()).startsWith("error:").contains("127.0.0.1:" + closedPort);
		assertThat(result.exitCode()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "client --port=abc hello", "client --port=0 hello", "client --buffer-size=0 hello",
			"client --nonsense hello", "clinet hello" })
	void badUsagePrintsUsageOnStandardErrorAndExitsTwo(String commandLine) throws Exception {
		List<String> args = new ArrayList<>(Arrays.asList(commandLine.split(" ")));
		args.add(1, "--host=127.0.0.1");

		Result result = runJar(List.of(), Map.of(), "", args.toArray(String[]::new));

		assertThat(result.stdoutText()).isEmpty();
		assertThat(result.stderrText()).contains("Usage:").doesNotContain("\tat ");
		assertThat(result.exitCode()).isEqualTo(2);
	}

	@Test
	void badUsageErrorIsUtf8WhateverThePlatformCharset() throws Exception {
		Result result = runJar(List.of(LATIN_1), UTF8_LOCALE, "", "client", "--host=127.0.0.1", "--port=héllo",
				"hello world, hello");

		assertThat(result.stderrText()).as("stderr decoded as UTF-8").contains("'héllo'");
		assertThat(result.exitCode()).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "--help", "client --help", "conform --help", "trace --help" })
	void helpPrintsUsageOnStandardOutputAndExitsZero(String commandLine) throws Exception {
		Result result = runJar(List.of(), Map.of(), "", commandLine.split(" "));

		assertThat(result.stdoutText()).contains("Usage:").contains("client");
		assertThat(result.stderrText()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void theServerJarHoldsNoBenchClassNettyOrHdrHistogram() throws IOException {
		try (JarFile jar = new JarFile(ServerProcess.locateJar().toFile())) {
			List<String> entries = jar.stream().map(JarEntry::getName).toList();
			assertThat(entries).as("the server jar's entries")
				.anyMatch(name -> name.startsWith("BOOT-INF/lib/buffered-sockets-protocol-"))
				.noneMatch(name -> name.startsWith("BOOT-INF/classes/dev/bufferedsockets/bench/"))
				.noneMatch(name -> name.startsWith("BOOT-INF/lib/netty-"))
				.noneMatch(name -> name.startsWith("BOOT-INF/lib/HdrHistogram-"));
		}
	}

	@Test
	void benchIsNotAModeOfTheServerJar() throws Exception {
		Result result = runJar(List.of(), Map.of(), "", "bench", "--connections=2");

		assertThat(result.exitCode()).as(result::stderrText).isEqualTo(2);
		assertThat(result.stderrText()).contains("Unmatched argument").contains("'bench'");
		assertThat(result.stdoutText()).isEmpty();
	}

	@Test
	void clientModeStartsNeitherSpringNorAListener() throws Exception {
		// The server never exits by itself, so a client process that finishes did not start one.
		Result result = runJar(List.of(), Map.of(), "0123456789 over stdin\n", "client", "--host=127.0.0.1",
				"--port=" + serverPort);

		assertThat(result.exitCode()).isZero();
		assertThat(result.stdoutText()).isEqualTo(lines(" over stdin"));
		String everything = result.stdoutText() + result.stderrText();
		assertThat(everything).doesNotContain("Tomcat")
			.doesNotContain("Started")
			.doesNotContain("Listening")
			.doesNotContain("Spring")
			.doesNotContain("INFO");
	}

	private static Result runJar(List<String> jvmOptions, Map<String, String> environment, String stdin,
			String... args) throws IOException, InterruptedException {
		Path in = Files.createTempFile(work, "stdin", ".txt");
		Files.writeString(in, stdin, StandardCharsets.UTF_8);
		Path out = Files.createTempFile(work, "stdout", ".txt");
		Path err = Files.createTempFile(work, "stderr", ".txt");
		ProcessBuilder builder = new ProcessBuilder(PackagedJar.command(jvmOptions, args)).redirectInput(in.toFile())
			.redirectOutput(out.toFile())
			.redirectError(err.toFile());
		ServerProcess.withoutJvmOptionsFromTheEnvironment(builder);
		builder.environment().putAll(environment);
		Process process = builder.start();
		try {
			boolean finished = process.waitFor(PackagedJar.PROCESS_LIMIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(finished).as(() -> "client did not finish: " + builder.command()).isTrue();
			return new Result(process.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
		}
		finally {
			if (process.isAlive()) {
				process.destroyForcibly();
				process.waitFor(PackagedJar.PROCESS_LIMIT.toSeconds(), TimeUnit.SECONDS);
			}
		}
	}

	private static String lines(String... lines) {
		StringBuilder text = new StringBuilder();
		for (String line : lines) {
			text.append(line).append(System.lineSeparator());
		}
		return text.toString();
	}

	private record Result(int exitCode, byte[] stdout, byte[] stderr) {

		String stdoutText() {
			return new String(this.stdout, StandardCharsets.UTF_8);
		}

		String stderrText() {
			return new String(this.stderr, StandardCharsets.UTF_8);
		}

	}

}
