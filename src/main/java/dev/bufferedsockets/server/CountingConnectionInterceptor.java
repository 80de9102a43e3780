package dev.bufferedsockets.server;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.bufferedsockets.protocol.FrameCodec;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.ErrorMessage;

/**
 * Sits in front of one server connection and counts the frames and bytes that pass through it.
 * Spring Integration creates one per connection, so the counters need no lookup on the hot path.
 */
class CountingConnectionInterceptor extends TcpConnectionInterceptorSupport {

	private final Instant connectedAt = Instant.now();

	private final AtomicLong messagesIn = new AtomicLong();

	private final AtomicLong messagesOut = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong();

	private final AtomicLong bytesOut = new AtomicLong();

	private volatile boolean closedByServer;

	CountingConnectionInterceptor(ApplicationEventPublisher publisher) {
		super(publisher);
	}

	@Override
	public void onMessage(Message<?> message) {
		if (!(message instanceof ErrorMessage)) {
			this.messagesIn.incrementAndGet();
			this.bytesIn.addAndGet(frameBytes(message));
		}
		super.onMessage(message);
	}

	@Override
	public void send(Message<?> message) {
		super.send(message);
		this.messagesOut.incrementAndGet();
		this.bytesOut.addAndGet(frameBytes(message));
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
