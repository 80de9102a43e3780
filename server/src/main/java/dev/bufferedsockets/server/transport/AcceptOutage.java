package dev.bufferedsockets.server.transport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.bufferedsockets.protocol.FailureCause;
import dev.bufferedsockets.server.ConnectionErrors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the accept loop does while {@code accept()} fails for lack of resources (most often the
 * process is out of file descriptors): it keeps the listener, refuses the waiting connections,
 * logs one line when such a burst begins and one when it ends, and counts each refusal under
 * {@link FailureCause#ACCEPT_FAILED}.
 *
 * <p>Refusing takes a descriptor, which is exactly what is missing: one is held in reserve (an open
 * {@code /dev/null}) and given up for a moment to accept the waiting connection and close it at
 * once, so its client sees a clean close instead of a connection that hangs in the backlog, and
 * the loop does not spin on a backlog it cannot drain. Without a reserve (it could not be
 * reopened, or there is no {@code /dev/null}) the loop backs off, up to a second between tries.
 *
 * <p>Failures less than ten seconds apart are one burst, and ten seconds without one mean accepting
 * works again: health follows that, and the log line for the end of a burst comes with the next
 * accepted connection.
 *
 * <p>Used by the accept thread only; {@link #failure()} may be read from any thread.
 */
final class AcceptOutage {

	private static final Log logger = LogFactory.getLog(AcceptOutage.class);

	private static final Path RESERVE = Path.of("/dev/null");

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

	/** Failures this close together are one burst; this long without one, and accepting works again. */
	private static final Duration QUIET = Duration.ofSeconds(10);

	private final ConnectionErrors errors;

	private FileChannel reserve;

	private volatile Instant failingSince;

	private volatile String reason;

	private volatile long lastFailureNanos;

	private long refused;

	private long backoffMillis;

	AcceptOutage(ConnectionErrors errors) {
		this.errors = errors;
	}

	/** Hold a descriptor in reserve, if none is held: at bind time and after each refusal. */
	void reserve() {
		if (this.reserve == null) {
			try {
				this.reserve = FileChannel.open(RESERVE);
			}
			catch (IOException | UnsupportedOperationException ex) {
				this.reserve = null; // out of descriptors, or no /dev/null: back off instead
			}
		}
	}

	/** Give the reserve back, when the listener stops. */
	void release() {
		closeReserve();
	}

	/**
	 * {@code accept()} failed with {@code failure}: refuse one waiting connection, or back off.
	 * @param port the listener's port, for the log line
	 */
	void failed(IOException failure, ServerSocketChannel listener, int port) {
		long now = System.nanoTime();
		if (this.failingSince != null && isQuiet(now)) {
			recovered(port); // an earlier burst ended without an accept in between to say so
		}
		this.lastFailureNanos = now;
		if (this.failingSince == null) {
			this.failingSince = Instant.now();
			this.reason = String.valueOf(failure.getMessage());
			this.refused = 0;
			this.backoffMillis = 0;
			logger.warn("Cannot accept connections on port " + port + " (" + this.reason
					+ "): refusing them until resources are free; counted as " + FailureCause.ACCEPT_FAILED);
		}
		if (this.reserve != null && refuseOne(listener)) {
			return;
		}
		backOff();
	}

	/** An accept worked: if a burst of failures was going on and has been quiet for a while, it is over. */
	void recovered(int port) {
		if (this.failingSince != null && isQuiet(System.nanoTime())) {
			long seconds = Duration.between(this.failingSince, Instant.now()).toSeconds();
			logger.info("Accepting connections again on port " + port + " after refusing " + this.refused
					+ " for lack of resources over " + seconds + " s");
			this.failingSince = null;
			this.reason = null;
		}
		reserve();
	}

	/** @return why accepting fails now and since when, or null if it has worked for a while */
	String failure() {
		Instant since = this.failingSince;
		return (since != null && !isQuiet(System.nanoTime())) ? this.reason + " since " + since : null;
	}

	private boolean isQuiet(long now) {
		return now - this.lastFailureNanos >= QUIET.toNanos();
	}

	private boolean refuseOne(ServerSocketChannel listener) {
		closeReserve();
		try (SocketChannel waiting = listener.accept()) {
			if (waiting != null) {
				this.refused++;
				this.errors.count(FailureCause.ACCEPT_FAILED);
			}
			return true;
		}
		catch (IOException stillFailing) {
			return false; // the freed descriptor went elsewhere meanwhile
		}
		finally {
			reserve();
		}
	}

	private void backOff() {
		this.backoffMillis = Math.min(MAX_BACKOFF.toMillis(), Math.max(10, 2 * this.backoffMillis));
		try {
			Thread.sleep(this.backoffMillis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void closeReserve() {
		if (this.reserve != null) {
			try {
				this.reserve.close();
			}
			catch (IOException ex) {
				// a descriptor for /dev/null: nothing to lose
			}
			this.reserve = null;
		}
	}

}
