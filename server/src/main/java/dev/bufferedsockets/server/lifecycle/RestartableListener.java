package dev.bufferedsockets.server.lifecycle;

import java.time.Duration;

/**
 * What {@link BufferedServer} needs of a server connection factory it stops and starts again, as
 * keepRunning does, and expects to come back the same. Both listeners implement it, with
 * {@code ListenerState} holding the state that makes it so.
 *
 * <ul>
 * <li>Same port: with port 0 the OS picks a free port on the first start; later starts bind that
 * port again, where clients expect to find it.</li>
 * <li>Started by its owner only: {@code start()} listens only while {@link BufferedServer} permits
 * it, so a {@code context.start()}, which starts every lifecycle bean, cannot listen behind the
 * operator's keepRunning false.</li>
 * <li>Clean restart: {@link #awaitAcceptLoopExit} lets the caller wait until the previous accept
 * loop has really ended. Otherwise a loop that notices its closed socket late sees the new start's
 * "active" flag, takes the close for a failure and stops the new listener.</li>
 * </ul>
 */
public interface RestartableListener {

	/** @return the port clients connect to: the bound one once known, else the configured one */
	int getPort();

	/**
	 * @return why the listener cannot accept connections now although it listens (it is out of file
	 * descriptors), or null while it can
	 */
	default String acceptFailure() {
		return null;
	}

	/** Allow or forbid {@code start()} to listen; forbidding does not stop a running listener. */
	void permitListening(boolean permitted);

	/**
	 * Close the listening socket, so new connections are refused, but leave the open ones be.
	 * Returns once the accept loop has ended.
	 */
	void stopAccepting(Duration timeout) throws InterruptedException;

	/**
	 * Wait until the accept loop of the last start has returned (call after {@code stop()}).
	 * @return false if it is still running after {@code timeout}
	 */
	boolean awaitAcceptLoopExit(Duration timeout) throws InterruptedException;

}
