package dev.bufferedsockets.cli;

/** Process exit codes of the command-line modes. */
final class ExitCodes {

	static final int OK = 0;

	/** The server could not be reached, hung up, or did not answer. */
	static final int UNAVAILABLE = 1;

	/** The command line was wrong; usage has been printed. */
	static final int USAGE = 2;

	private ExitCodes() {
	}

}
