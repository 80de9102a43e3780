package dev.bufferedsockets.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.test.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged {@code buffered-sockets-bench.jar} (failsafe's {@code bench.jar}) run as a user runs
 * it, against the packaged server.
 */
class BenchJarIT {

	private static final long PROCESS_LIMIT_SECONDS = 60;

	@TempDir
	static Path work;

	private static ServerProcess server;

	@BeforeAll
	static void startServer() throws IOException {
		server = ServerProcess.packagedServer().log(work.resolve("server.log")).start();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void helpPrintsItsUsageOnStandardOutputAndExitsZero() throws Exception {
		Run run = bench("--help");

		assertThat(run.stdout()).contains("Usage:", "buffered-sockets-bench.jar", "--allow-remote", "--truncate-chars");
		assertThat(run.stderr()).isEmpty();
		assertThat(run.exitCode()).isZero();
	}

	@Test
	void aRunAgainstTheServerPrintsOneJsonObjectWithEveryReplyVerified() throws Exception {
		Run run = bench("--host=127.0.0.1", "--port=" + server.port(), "--json", "--connections=2", "--depth=4",
				"--size=200", "--duration=1s", "--warmup=500ms");

		assertThat(run.exitCode()).as(run::stderr).isZero();
		JsonNode json = JsonMapper.builder().build().readTree(run.stdout());
		assertThat(json.get("errors").asLong()).isZero();
		assertThat(json.get("messages").asLong()).isPositive()
			.isEqualTo(json.get("latencyMicros").get("count").asLong());
		assertThat(json.get("target").asString()).isEqualTo("127.0.0.1:" + server.port());
	}

	@Test
	void aWrongTruncationCountShowsAsErrorsNotAsSuccess() throws Exception {
		Run run = bench("--host=127.0.0.1", "--port=" + server.port(), "--json", "--truncate-chars=3",
				"--duration=500ms", "--warmup=0");

		assertThat(run.exitCode()).as("the server drops 10 characters, not 3").isEqualTo(1);
		assertThat(JsonMapper.builder().build().readTree(run.stdout()).get("errors").asLong()).isPositive();
	}

	private static Run bench(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", System.getProperty("bench.jar")));
		command.addAll(List.of(args));
		Path out = Files.createTempFile(work, "stdout", ".txt");
		Path err = Files.createTempFile(work, "stderr", ".txt");
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
		ServerProcess.withoutJvmOptionsFromTheEnvironment(builder);
		Process process = builder.start();
		try {
			assertThat(process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)).as("bench finished").isTrue();
		}
		finally {
			process.destroyForcibly();
		}
		return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String stdout, String stderr) {
	}

}
