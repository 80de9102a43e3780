package dev.bufferedsockets.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.bufferedsockets.protocol.HeaderFormat;

/**
 * One check of {@code conform} against a server: a name to cite, what it sends and why, and
 * whether the assignment requires the behaviour (a failure fails the run) or leaves it open (the
 * outcome is only reported).
 */
record ConformCase(String name, String description, boolean required, Check check) {

	/** What a case does against the server: every connection it opens shares the case's deadline. */
	@FunctionalInterface
	interface Check {

		Outcome run(Target target) throws IOException;

	}

	/** The server under test, and the deadline of the case being run. */
	record Target(String host, int port, HeaderFormat format, Duration timeout, long deadlineNanos) {

		static Target of(String host, int port, HeaderFormat format, Duration timeout) {
			return new Target(host, port, format, timeout, System.nanoTime() + timeout.toNanos());
		}

		/** @return the same server with a deadline starting now, for a check after the case's own */
		Target again() {
			return of(this.host, this.port, this.format, this.timeout);
		}

		ProbeConnection connect() throws IOException {
			return new ProbeConnection(this.host, this.port, this.format, this.deadlineNanos);
		}

	}

	enum Verdict {

		/** A required behaviour was seen. */
		PASS,

		/** A required behaviour was not seen: the details say what was expected and what came. */
		FAIL,

		/** A behaviour the assignment leaves open, reported as seen. */
		NOTE

	}

	/** @param details lines that say what happened; empty for a plain pass */
	record Outcome(Verdict verdict, List<String> details) {

		static Outcome pass() {
			return new Outcome(Verdict.PASS, List.of());
		}

		static Outcome fail(List<String> details) {
			return new Outcome(Verdict.FAIL, details);
		}

		static Outcome fail(String detail) {
			return new Outcome(Verdict.FAIL, List.of(detail));
		}

		static Outcome note(String detail) {
			return new Outcome(Verdict.NOTE, List.of(detail));
		}

	}

}
