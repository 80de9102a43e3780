package dev.bufferedsockets.bench;

import java.io.PrintStream;
import java.util.Locale;

/** The live progress line of a run, rewritten in place on standard error about once a second. */
public final class ProgressLine implements ProgressListener {

	private final PrintStream out;

	private boolean written;

	public ProgressLine(PrintStream out) {
		this.out = out;
	}

	@Override
	public void progress(String phase, double elapsedSeconds, double totalSeconds, double messagesPerSecond,
			long errors) {
		this.out.print(String.format(Locale.ROOT, "\r%-7s %6.1f / %.1f s  %,12.0f msgs/s  errors %d   ", phase,
				elapsedSeconds, totalSeconds, messagesPerSecond, errors));
		this.out.flush();
		this.written = true;
	}

	/** End the line, so what follows starts on a fresh one. */
	public void finish() {
		if (this.written) {
			this.out.println();
			this.written = false;
		}
	}

}
