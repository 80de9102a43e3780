package dev.bufferedsockets.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Python kit's server class ({@code clients/python/buffered_server.py}) running the packaged
 * jar, driven as the assignment's grader drives a student's server: runs
 * {@code test_grader_shaped.py} with {@code python3}, with {@code BUFFERED_SOCKETS_JAR} set to
 * failsafe's {@code buffered.jar}. An {@code *IT}, because the jar exists only after {@code package}.
 */
class PythonGraderKitIT {

	private static final long TIME_LIMIT_SECONDS = 600;

	/** Cases that must pass, not be skipped; the default-port case may be skipped when 36001 is taken. */
	private static final List<String> REQUIRED = List.of(
			"test_two_argument_forms_serve_every_case_then_keep_running_false_stops_the_server",
			"test_three_positional_arguments_on_a_finished_thread_and_shutdown_while_start_runs",
			"test_interpreter_exit_without_shutdown_stops_the_process",
			"test_garbage_collected_server_stops_its_process");

	private static final String LINUX_ONLY = "test_process_dies_with_a_killed_parent_but_not_with_the_thread_that_constructed_it";

	@TempDir
	Path work;

	@Test
	void kitServerRunsTheGraderShapedCasesOnThePackagedJar() throws Exception {
		assumeTrue(python3Available(), "python3 is not installed: the Python kit's tests need it");
		String jar = System.getProperty("buffered.jar");
		assertThat(jar).as("system property buffered.jar (set by failsafe)").isNotBlank();
		assertThat(Path.of(jar)).as("the packaged jar").isRegularFile();
		Path output = this.work.resolve("unittest.txt");
		ProcessBuilder builder = new ProcessBuilder("python3", "-m", "unittest", "-v", "test_grader_shaped")
			.directory(kit().toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Files.createFile(this.work.resolve("stdin")).toFile()));
		builder.environment()
			.putAll(Map.of("BUFFERED_SOCKETS_JAR", jar, "JAVA_HOME", System.getProperty("java.home"),
					"PYTHONDONTWRITEBYTECODE", "1", "PYTHONIOENCODING", "utf-8"));
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
		assertThat(report.lines()).as("unittest's summary:%n%s", report).anyMatch((line) -> line.startsWith("OK"));
		List<String> required = new ArrayList<>(REQUIRED);
		if (System.getProperty("os.name").startsWith("Linux")) {
			required.add(LINUX_ONLY);
		}
		for (String name : required) {
			assertThat(report.lines()).as("%s ran and passed:%n%s", name, report)
				.anyMatch((line) -> line.startsWith(name + " ") && line.endsWith("... ok"));
		}
	}

	/** {@code clients/python} in the working directory or the nearest parent that has one. */
	private static Path kit() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path kit = dir.resolve("clients").resolve("python");
			if (Files.isRegularFile(kit.resolve("test_grader_shaped.py"))) {
				return kit;
			}
		}
		throw new IllegalStateException("no clients/python/test_grader_shaped.py above " + Path.of("").toAbsolutePath());
	}

	private static boolean python3Available() throws InterruptedException {
		try {
			Process version = new ProcessBuilder("python3", "--version").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
