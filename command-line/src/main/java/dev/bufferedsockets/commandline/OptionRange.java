package dev.bufferedsockets.commandline;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The one wording of "option out of range" for every command, reported as bad usage. */
public final class OptionRange {

	private OptionRange() {
	}

	/** @throws ParameterException if {@code value} is outside {@code [min, max]} */
	public static void check(CommandSpec spec, String option, long value, long min, long max) {
		if (value < min || value > max) {
			throw new ParameterException(spec.commandLine(),
					option + " must be between " + min + " and " + max + ", was " + value);
		}
	}

}
