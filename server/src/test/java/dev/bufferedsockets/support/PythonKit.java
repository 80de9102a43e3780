package dev.bufferedsockets.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Python kit's own unittest files ({@code clients/python/}) run by {@code python3}, as a course
 * would run them: the one way the server's tests drive the kit. Skips the test when python3 is
 * missing; kills the interpreter if it outlives its time limit.
 */
public final class PythonKit {

	private static final Path KIT = RepositoryFiles.path("clients", "python");

	private PythonKit() {
	}

	/**
	 * Run {@code python3 -m unittest -v module} in the kit's folder and check that it finished in
	 * time with exit code 0.
	 * @param environment variables for the tests, beside UTF-8 output and no bytecode files
	 * @param work where its output is kept
	 * @return unittest's report
	 */
	public static String runUnittest(String module, Map<String, String> environment, Duration limit, Path work)
			throws IOException, InterruptedException {
		assumeTrue(python3Available(), "python3 is not installed: the Python kit's tests need it");
		Path output = work.resolve(module + ".txt");
		ProcessBuilder builder = new ProcessBuilder("python3", "-m", "unittest", "-v", module).directory(KIT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Files.createFile(work.resolve(module + ".stdin")).toFile()));
		Map<String, String> variables = new HashMap<>(environment);
		variables.putAll(Map.of("PYTHONDONTWRITEBYTECODE", "1", "PYTHONIOENCODING", "utf-8"));
		builder.environment().putAll(variables);
		Process python = builder.start();
		boolean finished;
		try {
			finished = python.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			python.destroyForcibly();
			python.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
		}
		String report = Files.readString(output, StandardCharsets.UTF_8);
		assertThat(finished).as("python3 finished within %s:%n%s", limit, report).isTrue();
		assertThat(python.exitValue()).as("unittest exit code:%n%s", report).isZero();
		return report;
	}

	/** @return true if {@code python3} runs here; tests of the kit skip, with a message, when it does not */
	public static boolean python3Available() throws InterruptedException {
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
