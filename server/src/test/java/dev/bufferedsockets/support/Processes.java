package dev.bufferedsockets.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the child processes tests start, so none outlives its test. */
public final class Processes {

	private Processes() {
	}

	/**
	 * Ask {@code process} to stop (SIGTERM, so a server shuts down gracefully), and kill it if it is
	 * still running after {@code limit}.
	 */
	public static void stop(Process process, Duration limit) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
		}
	}

}
