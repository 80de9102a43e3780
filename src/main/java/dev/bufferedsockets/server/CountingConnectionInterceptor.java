package dev.bufferedsockets.server;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.bufferedsockets.protocol.FrameCodec;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.ErrorMessage;

/**
 * Sits in front of one server connection: counts the frames and bytes that pass through it, for
 * this connection and in the server-wide {@link TrafficMeters}, and drains it when the server stops.
 *
 * <p>Spring Integration creates one per connection and, with thread-per-connection, calls
 * {@link #onMessage} on the connection's own thread for the whole request and its reply: the time
 * that call takes is the reply latency. A frame counted in {@code messagesIn} is always answered:
 * draining stops counting new frames, lets the frame in hand finish its reply, then half-closes
 * (end of stream after the last reply) so the client can read everything before the connection goes.
 */
class CountingConnectionInterceptor extends TcpConnectionInterceptorSupport {

	private static final Log logger = LogFactory.getLog(CountingConnectionInterceptor.class);

	private final Instant connectedAt = Instant.now();

	private final AtomicLong messagesIn = new AtomicLong();

	private final AtomicLong messagesOut = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong();

	private final AtomicLong bytesOut = new AtomicLong();

	private final TrafficMeters traffic;

	private final Object drainLock = new Object();

	private boolean inFlight;

	private boolean draining;

	private volatile boolean closedByServer;

	CountingConnectionInterceptor(ApplicationEventPublisher publisher, TrafficMeters traffic) {
		super(publisher);
		this.traffic = traffic;
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
		long bytes = frameBytes(message);
		this.messagesIn.incrementAndGet();
		this.bytesIn.addAndGet(bytes);
		this.traffic.received(bytes);
		long start = System.nanoTime();
		try {
			super.onMessage(message);
			this.traffic.replied(System.nanoTime() - start);
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
		long bytes = frameBytes(message);
		this.messagesOut.incrementAndGet();
		this.bytesOut.addAndGet(bytes);
		this.traffic.sent(bytes);
	}

	/**
	 * Stop taking frames; once the frame in hand (if any) has its reply, half-close the connection.
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
				this.messagesIn.get(), this.messagesOut.get(), this.bytesIn.get(), this.bytesOut.get());
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

	private static long frameBytes(Message<?> message) {
		Object payload = message.getPayload();
		int payloadBytes = (payload instanceof byte[] bytes) ? bytes.length : 0;
		return FrameCodec.HEADER_BYTES + payloadBytes;
	}

}
