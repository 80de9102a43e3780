package dev.bufferedsockets.gateway;

import java.net.Socket;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A gateway connection without a reader thread: {@link #send} writes the request and then reads
 * its reply on the same, calling thread, handing it to the outbound gateway before returning.
 *
 * <p>Spring Integration's own connection reads replies on a thread of its own, which must then wake
 * the caller waiting in the outbound gateway: a second thread switch on every call, measured at
 * about as long as the whole round trip of a raw socket (issue 4). The gateway only ever has one
 * request in flight per connection, so nothing is lost by reading where the request was written.
 *
 * <p>The request is written straight to the socket: Spring Integration's {@code send} would wrap
 * it in a {@code BufferedOutputStream} as large as the socket's send buffer (megabytes on Linux)
 * for each pooled connection, and the codec already writes a frame in one call.
 *
 * <p>Without a reader, a close by the server is seen when the connection is next used: the call
 * then fails with {@link ConnectionLostException}, which the gateway retries once on a new
 * connection (see {@link BufferedGatewayAutoConfiguration}).
 */
class CallerThreadConnection extends TcpNetConnection {

	private final Socket socket;

	private final Lock exchangeLock = new ReentrantLock();

	CallerThreadConnection(Socket socket, ApplicationEventPublisher publisher, String connectionFactoryName) {
		super(socket, false, false, publisher, connectionFactoryName);
		this.socket = socket;
	}

	/** Runs once on the factory's executor when the connection opens: announce it, read nothing. */
	@Override
	public void run() {
		publishConnectionOpenEvent();
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		this.exchangeLock.lock();
		try {
			Object request = getMapper().fromMessage(message);
			((Serializer<Object>) getSerializer()).serialize(request, this.socket.getOutputStream());
			Message<?> reply = getMapper().toMessage(this);
			TcpListener listener = getListener();
			if (reply != null && listener != null) {
				listener.onMessage(reply);
			}
		}
		catch (IllegalArgumentException ex) {
			throw ex; // a request that cannot be encoded: the connection is still good
		}
		catch (Exception ex) {
			MessagingException failure = ConnectionLostException.isLostConnection(ex)
					? new ConnectionLostException(message, ex)
					: new MessagingException(message, "Send or receive failed", ex);
			publishConnectionExceptionEvent(failure);
			closeConnection(true);
			throw failure;
		}
		finally {
			this.exchangeLock.unlock();
		}
	}

}
