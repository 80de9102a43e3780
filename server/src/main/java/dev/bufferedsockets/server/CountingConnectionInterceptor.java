package dev.bufferedsockets.server;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.bufferedsockets.server.flow.FrameBatch;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.ErrorMessage;

/**
 * Sits in front of one server connection: counts the frames and bytes that pass through it, for
 * this connection and in the server-wide {@link TrafficMeters}, and drains it when the server stops.
 *
 * <p>Spring Integration creates one per connection. Each message it passes on holds a
 * {@link FrameBatch}: every frame the connection read together. {@link #onMessage} runs on the
 * connection's reading thread for the whole batch and its replies, so the time that call takes is
 * each of those frames' reply latency. Counts are per frame, never per batch.
 *
 * <p>A frame counted in {@code messagesIn} is always answered: draining stops counting new frames,
 * lets the batch in hand finish its replies, then half-closes (end of stream after the last reply)
 * so the client can read everything before the connection goes.
 */
class CountingConnectionInterceptor extends TcpConnectionInterceptorSupport {

	private static final Log logger = LogFactory.getLog(CountingConnectionInterceptor.class);

	private final Instant connectedAt = Instant.now();

	private final AtomicLong messagesIn = new AtomicLong();

	private final AtomicLong messagesOut = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong();

	private final AtomicLong bytesOut = new AtomicLong();

	private final TrafficMeters traffic;

	/** Bytes in each frame's header, for the byte counts. */
	private final int headerBytes;

	private final Object drainLock = new Object();

	private boolean inFlight;

	private boolean draining;

	private volatile boolean closedByServer;

	CountingConnectionInterceptor(ApplicationEventPublisher publisher, TrafficMeters traffic, int headerBytes) {
		super(publisher);
		this.traffic = traffic;
		this.headerBytes = headerBytes;
	}

	@Override
	public void onMessage(Message<?> message) {
		if (message instanceof ErrorMessage) {
			super.onMessage(message);
			return;
		}
		synchronized (this.drainLock) {
			if (this.draining) {
				return; // arrived after the server began to stop: not received, so not answered
			}
			this.inFlight = true;
		}
		FrameBatch frames = (FrameBatch) message.getPayload();
		long bytes = frames.wireBytes(this.headerBytes);
		this.messagesIn.addAndGet(frames.size());
		this.bytesIn.addAndGet(bytes);
		this.traffic.received(frames.size(), bytes);
		long start = System.nanoTime();
		try {
			super.onMessage(message);
			this.traffic.replied(frames.size(), System.nanoTime() - start);
		}
		finally {
			boolean halfClose;
			synchronized (this.drainLock) {
				this.inFlight = false;
				halfClose = this.draining;
			}
			if (halfClose) {
				halfClose();
			}
		}
	}

	@Override
	public void send(Message<?> message) {
		super.send(message);
		FrameBatch replies = (FrameBatch) message.getPayload();
		long bytes = replies.wireBytes(this.headerBytes);
		this.messagesOut.addAndGet(replies.size());
		this.bytesOut.addAndGet(bytes);
		this.traffic.sent(replies.size(), bytes);
	}

	/**
	 * Stop taking frames; once the batch in hand (if any) has its replies, half-close the connection.
	 * It closes fully when the client closes its side, or when the server gives up waiting.
	 */
	void drain() {
		boolean halfCloseNow;
		synchronized (this.drainLock) {
			if (this.draining) {
				return;
			}
			this.draining = true;
			halfCloseNow = !this.inFlight;
		}
		if (halfCloseNow) {
			halfClose();
		}
	}

	@Override
	public void close() {
		this.closedByServer = true;
		super.close();
	}

	/** @return true if the server closed this connection (stop, keepRunning false), not the peer */
	boolean isClosedByServer() {
		return this.closedByServer;
	}

	Instant connectedAt() {
		return this.connectedAt;
	}

	ConnectionInfo snapshot() {
		return new ConnectionInfo(getConnectionId(), getHostAddress(), getPort(), this.connectedAt.toString(),
				this.messagesIn.get(), this.messagesOut.get(), this.bytesIn.get(), this.bytesOut.get(),
				clientCertificate());
	}

	/** @return the subject of the client's TLS certificate, or null: plain TCP, handshaking, or none presented */
	private String clientCertificate() {
		SSLSession session = getSslSession();
		if (session == null) {
			return null;
		}
		try {
			return session.getPeerPrincipal().getName();
		}
		catch (SSLPeerUnverifiedException ex) {
			return null;
		}
	}

	private void halfClose() {
		try {
			getTheConnection().shutdownOutput();
		}
		catch (IOException | UnsupportedOperationException ex) {
			logger.debug("Could not half-close " + getConnectionId() + "; closing it", ex);
			close();
		}
	}

}
