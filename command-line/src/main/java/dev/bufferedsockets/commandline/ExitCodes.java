package dev.bufferedsockets.commandline;

/** Process exit codes of the command-line modes. */
public final class ExitCodes {

	public static final int OK = 0;

	/** The server could not be reached, hung up, or did not answer. */
	public static final int UNAVAILABLE = 1;

	/** The command line was wrong; usage has been printed. */
	public static final int USAGE = 2;

	private ExitCodes() {
	}

}
