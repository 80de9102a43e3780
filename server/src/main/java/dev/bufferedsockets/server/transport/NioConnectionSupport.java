package dev.bufferedsockets.server.transport;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;

import dev.bufferedsockets.server.ConnectionErrors;
import dev.bufferedsockets.server.flow.FrameBatch;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.NoListenerException;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.messaging.Message;

/**
 * What Spring Integration needs of a connection whose socket an I/O loop drives rather than a
 * thread of its own: its identity, the hand-over of what it read to its listener (through the
 * factory's message mapper), the failure event, and a close that can come from any thread.
 * {@link NioServerConnection} adds the reading, writing and closing itself.
 */
abstract class NioConnectionSupport extends TcpConnectionSupport {

	private final ConnectionTransport transport;

	private final int remotePort;

	private final AtomicBoolean closed = new AtomicBoolean();

	/** The batch being handed to the listener, for {@link #getPayload()}. */
	private FrameBatch delivering;

	private boolean failureReported;

	NioConnectionSupport(ConnectionTransport transport, ApplicationEventPublisher publisher, String factoryName) {
		super(transport.socket().socket(), true, false, publisher, factoryName);
		this.transport = transport;
		this.remotePort = transport.socket().socket().getPort();
	}

	SocketChannel channel() {
		return this.transport.socket();
	}

	ConnectionTransport transport() {
		return this.transport;
	}

	/** Announce the connection (after the interceptors have wrapped it), as Spring Integration's NIO factory does. */
	void published() {
		publishConnectionOpenEvent();
	}

	/** Close the socket (any thread, once); {@link #closed()} then forgets the connection. */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			this.transport.close();
		}
		catch (IOException ex) {
			logger.debug("Closing " + getConnectionId() + " failed", ex);
		}
		closed();
		super.close();
	}

	/** Called once, by the thread that closed the connection. */
	protected abstract void closed();

	@Override
	public boolean isOpen() {
		return !this.closed.get();
	}

	/** @return the batch being handed to the listener (the mapper turns it into the message) */
	@Override
	public Object getPayload() {
		return this.delivering;
	}

	@Override
	public int getPort() {
		return this.remotePort;
	}

	@Override
	public Object getDeserializerStateKey() {
		return null;
	}

	/** @return the TLS session once the handshake is done; null on plain TCP */
	@Override
	public SSLSession getSslSession() {
		return this.transport.session();
	}

	/** Nothing to run: an I/O loop drives the connection. */
	@Override
	public void run() {
	}

	/** Hand frames to the listener as one message: the interceptors, then the gateway, which replies through {@code send}. */
	protected void deliver(FrameBatch batch) {
		this.delivering = batch;
		try {
			Message<?> message = getMapper().toMessage(this);
			TcpListener listener = getListener();
			if (listener == null) {
				throw new NoListenerException("No listener");
			}
			listener.onMessage(message);
		}
		catch (RuntimeException ex) {
			logger.error("Exception handling " + batch + " from " + getConnectionId(), ex);
		}
		finally {
			this.delivering = null;
		}
	}

	/** Publish the failure that ends this connection, once: {@link ConnectionErrors} logs and counts it. */
	protected void report(Exception failure) {
		if (!this.failureReported) {
			this.failureReported = true;
			publishConnectionExceptionEvent(failure);
			sendExceptionToListener(failure);
		}
	}

}
