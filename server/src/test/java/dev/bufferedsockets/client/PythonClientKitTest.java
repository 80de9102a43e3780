package dev.bufferedsockets.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.server.BufferedServer;
import dev.bufferedsockets.support.Python3;
import dev.bufferedsockets.support.RepositoryFiles;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Python client kit ({@code clients/python/}) against this server: runs its unittest file with
 * {@code python3}, which covers the assignment grader's cases with its sizes (the server-shutdown
 * case switches keepRunning through the actuator, as the grader sets {@code keep_running}),
 * multi-byte text, buffer sizes 1 and 4096, malformed replies and the command line.
 */
@ServerTest
class PythonClientKitTest {

	private static final Path KIT = RepositoryFiles.path("clients", "python");

	private static final long TIME_LIMIT_SECONDS = 300;

	private static final String SHUTDOWN_CASE = "test_client_sees_failure_when_the_server_shuts_down_while_it_keeps_sending";

	@Autowired
	private Actuator actuator;

	@Autowired
	private BufferedServer server;

	@TempDir
	Path work;

	@Test
	void kitPassesItsTestsAgainstTheJavaServer() throws Exception {
		assumeTrue(Python3.available(), "python3 is not installed: the Python client kit's tests need it");
		Path output = this.work.resolve("unittest.txt");
		ProcessBuilder builder = new ProcessBuilder("python3", "-m", "unittest", "-v", "test_buffered_client")
			.directory(KIT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Files.createFile(this.work.resolve("stdin")).toFile()));
		builder.environment()
			.putAll(Map.of("BUFFERED_HOST", "127.0.0.1", "BUFFERED_PORT", String.valueOf(this.server.getPort()),
					"BUFFERED_ACTUATOR_URL", this.actuator.url("/actuator"), "BUFFERED_USER",
					ServerTest.USER, "BUFFERED_PASSWORD", ServerTest.PASSWORD, "PYTHONDONTWRITEBYTECODE", "1",
					"PYTHONIOENCODING", "utf-8"));
		Process python = builder.start();
		boolean finished;
		try {
			finished = python.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
		}
		finally {
			python.destroyForcibly();
			python.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
		}
		String report = Files.readString(output, StandardCharsets.UTF_8);

		assertThat(finished).as("python3 finished within %d s:%n%s", TIME_LIMIT_SECONDS, report).isTrue();
		assertThat(python.exitValue()).as("unittest exit code:%n%s", report).isZero();
		List<String> summary = report.lines().filter((line) -> line.startsWith("Ran ") || line.startsWith("OK")).toList();
		assertThat(summary).as("unittest's summary:%n%s", report).hasSize(2);
		assertThat(summary.get(1)).as("every test ran, none skipped:%n%s", report).isEqualTo("OK");
		assertThat(report.lines()).as("the server-shutdown case ran and passed:%n%s", report)
			.anyMatch((line) -> line.startsWith(SHUTDOWN_CASE) && line.endsWith("... ok"));
	}

}
