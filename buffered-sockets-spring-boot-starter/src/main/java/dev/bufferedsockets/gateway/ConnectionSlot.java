package dev.bufferedsockets.gateway;

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
 */
final class ConnectionSlot {

	final int index;

	private final AbstractClientConnectionFactory connections;

	private final Executor readers;

	private final Consumer<Lane> opened;

	private final ReentrantLock opening = new ReentrantLock();

	private volatile Lane lane;

	ConnectionSlot(int index, AbstractClientConnectionFactory connections, Executor readers, Consumer<Lane> opened) {
		this.index = index;
		this.connections = connections;
		this.readers = readers;
		this.opened = opened;
	}

	/**
	 * @return the open connection here, opening one if there is none
	 * @throws Exception if none can be opened, or another caller opening one takes until {@code deadline}
	 */
	Lane openLane(long deadline) throws Exception {
		Lane current = this.lane;
		if (current != null && current.isOpen()) {
			return current;
		}
		if (!this.opening.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
			throw new TimeoutException("still connecting");
		}
		try {
			current = this.lane;
			if (current != null && current.isOpen()) {
				return current;
			}
			TcpConnection connection = this.connections.getConnection();
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

}
