package dev.bufferedsockets.gateway;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnection;

/**
 * One of the {@code pool-size} connections the gateway keeps: the one open now, opened on first use
 * and again after it is lost. A call placed here ({@link Room}) keeps its place when it is retried,
 * on the next connection opened here, so a retry never crowds another connection.
 *
 * <p>After a connection fails to open, calls here fail at once with that failure until the next
 * attempt is due: {@link #FIRST_BACKOFF} later, doubling with each failure in a row up to
 * {@link #MAX_BACKOFF}. A server that is down then costs its callers a quick failure each rather
 * than a connection attempt each, and it is tried again soon enough to be used within a second
 * of its coming back.
 */
final class ConnectionSlot {

	static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

	static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

	final int index;

	private final AbstractClientConnectionFactory connections;

	private final Executor readers;

	private final Consumer<Lane> opened;

	private final ReentrantLock opening = new ReentrantLock();

	private volatile Lane lane;

	/** The last attempt to open a connection here, if it failed; null once one opens. */
	private volatile ConnectFailure lastFailure;

	ConnectionSlot(int index, AbstractClientConnectionFactory connections, Executor readers, Consumer<Lane> opened) {
		this.index = index;
		this.connections = connections;
		this.readers = readers;
		this.opened = opened;
	}

	/**
	 * @return the open connection here, opening one if there is none
	 * @throws Exception if none can be opened (or the last attempt failed and the next is not due),
	 * or another caller opening one takes until {@code deadline}
	 */
	Lane openLane(long deadline) throws Exception {
		Lane current = this.lane;
		if (current != null && current.isOpen()) {
			return current;
		}
		ConnectFailure.throwIfNotDue(this.lastFailure);
		if (!this.opening.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
			throw new TimeoutException("still connecting");
		}
		try {
			current = this.lane;
			if (current != null && current.isOpen()) {
				return current;
			}
			ConnectFailure failed = this.lastFailure;
			ConnectFailure.throwIfNotDue(failed);
			TcpConnection connection;
			try {
				connection = this.connections.getConnection();
			}
			catch (Exception ex) {
				this.lastFailure = ConnectFailure.after(failed, ex);
				throw ex;
			}
			this.lastFailure = null;
			current = new Lane(connection, this.readers);
			this.opened.accept(current);
			this.lane = current;
			return current;
		}
		finally {
			this.opening.unlock();
		}
	}

	/** @return the connection open here, if any, without opening one */
	Lane currentLane() {
		return this.lane;
	}

	/**
	 * A failed attempt to open a connection: its exception, given to the calls made before the next
	 * attempt is due ({@code retryAt}, a {@link System#nanoTime()}), and the wait that led there.
	 */
	private record ConnectFailure(Exception cause, long retryAt, long backoffNanos) {

		static ConnectFailure after(ConnectFailure previous, Exception cause) {
			long backoff = (previous == null) ? FIRST_BACKOFF.toNanos()
					: Math.min(previous.backoffNanos * 2, MAX_BACKOFF.toNanos());
			return new ConnectFailure(cause, System.nanoTime() + backoff, backoff);
		}

		static void throwIfNotDue(ConnectFailure failure) throws Exception {
			if (failure != null && System.nanoTime() - failure.retryAt < 0) {
				throw failure.cause;
			}
		}

	}

}
