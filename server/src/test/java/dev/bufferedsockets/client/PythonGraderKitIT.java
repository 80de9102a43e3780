package dev.bufferedsockets.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bufferedsockets.support.PythonKit;
import dev.bufferedsockets.test.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python kit's server class ({@code clients/python/buffered_server.py}) running the packaged
 * jar, driven as the assignment's grader drives a student's server: runs
 * {@code test_grader_shaped.py} with {@code python3}, with {@code BUFFERED_SOCKETS_JAR} set to
 * failsafe's {@code buffered.server.jar}. An {@code *IT}, because the jar exists only after {@code package}.
 */
class PythonGraderKitIT {

	private static final Duration TIME_LIMIT = Duration.ofMinutes(2);

	/** Cases that must pass, not be skipped; the default-port case may be skipped when 36001 is taken. */
	private static final List<String> REQUIRED = List.of(
			"test_two_argument_forms_serve_every_case_then_keep_running_false_stops_the_server",
			"test_two_byte_headers_of_older_course_versions_on_both_classes",
			"test_three_positional_arguments_on_a_finished_thread_and_shutdown_while_start_runs",
			"test_interpreter_exit_without_shutdown_stops_the_process",
			"test_garbage_collected_server_stops_its_process");

	private static final String LINUX_ONLY = "test_process_dies_with_a_killed_parent_but_not_with_the_thread_that_constructed_it";

	@TempDir
	Path work;

	@Test
	void kitServerRunsTheGraderShapedCasesOnThePackagedJar() throws Exception {
		String report = PythonKit.runUnittest("test_grader_shaped",
				Map.of("BUFFERED_SOCKETS_JAR", ServerProcess.locateJar().toString(), "JAVA_HOME",
						System.getProperty("java.home")),
				TIME_LIMIT, this.work);
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


}
