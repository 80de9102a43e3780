package dev.bufferedsockets.support;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether {@code python3} can run here: tests of the Python kit skip, with a message, when it cannot. */
public final class Python3 {

	private Python3() {
	}

	public static boolean available() throws InterruptedException {
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
