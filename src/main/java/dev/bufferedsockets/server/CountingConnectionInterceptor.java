package dev.bufferedsockets.server;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.bufferedsockets.protocol.FrameCodec;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.ErrorMessage;

/**
 * Sits in front of one server connection and counts the frames and bytes that pass through it,
 * for this connection and in the server-wide {@link TrafficMeters}. Spring Integration creates one
 * per connection, so the counters need no lookup on the hot path.
 *
 * <p>With thread-per-connection the inbound gateway answers on the reader thread, inside
 * {@link #onMessage}: the time that call takes is the reply latency.
 */
class CountingConnectionInterceptor extends TcpConnectionInterceptorSupport {

	private final Instant connectedAt = Instant.now();

	private final AtomicLong messagesIn = new AtomicLong();

	private final AtomicLong messagesOut = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong();

	private final AtomicLong bytesOut = new AtomicLong();

	private final TrafficMeters traffic;

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
		long bytes = frameBytes(message);
		this.messagesIn.incrementAndGet();
		this.bytesIn.addAndGet(bytes);
		this.traffic.received(bytes);
		long start = System.nanoTime();
		super.onMessage(message);
		this.traffic.replied(System.nanoTime() - start);
	}

	@Override
	public void send(Message<?> message) {
		super.send(message);
		long bytes = frameBytes(message);
		this.messagesOut.incrementAndGet();
		this.bytesOut.addAndGet(bytes);
		this.traffic.sent(bytes);
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

	private static long frameBytes(Message<?> message) {
		Object payload = message.getPayload();
		int payloadBytes = (payload instanceof byte[] bytes) ? bytes.length : 0;
		return FrameCodec.HEADER_BYTES + payloadBytes;
	}

}
