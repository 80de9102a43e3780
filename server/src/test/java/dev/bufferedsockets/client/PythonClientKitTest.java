package dev.bufferedsockets.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.PythonKit;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python client kit ({@code clients/python/}) against this server: runs its unittest file with
 * {@code python3}, which covers the assignment grader's cases with its sizes (the server-shutdown
 * case switches keepRunning through the actuator, as the grader sets {@code keep_running}),
 * multi-byte text, buffer sizes 1 and 4096, malformed replies and the command line.
 */
@ServerTest
class PythonClientKitTest {

	private static final Duration TIME_LIMIT = Duration.ofMinutes(1);

	private static final String SHUTDOWN_CASE = "test_client_sees_failure_when_the_server_shuts_down_while_it_keeps_sending";

	@Autowired
	private Actuator actuator;

	@Autowired
	private BufferedServer server;

	@TempDir
	Path work;

	@Test
	void kitPassesItsTestsAgainstTheJavaServer() throws Exception {
		String report = PythonKit.runUnittest("test_buffered_client",
				Map.of("BUFFERED_HOST", "127.0.0.1", "BUFFERED_PORT", String.valueOf(this.server.getPort()),
						"BUFFERED_ACTUATOR_URL", this.actuator.url("/actuator"), "BUFFERED_USER", ServerTest.USER,
						"BUFFERED_PASSWORD", ServerTest.PASSWORD),
				TIME_LIMIT, this.work);
		List<String> summary = report.lines().filter((line) -> line.startsWith("Ran ") || line.startsWith("OK")).toList();
		assertThat(summary).as("unittest's summary:%n%s", report).hasSize(2);
		assertThat(summary.get(1)).as("every test ran, none skipped:%n%s", report).isEqualTo("OK");
		assertThat(report.lines()).as("the server-shutdown case ran and passed:%n%s", report)
			.anyMatch((line) -> line.startsWith(SHUTDOWN_CASE) && line.endsWith("... ok"));
	}


}
