package dev.bufferedsockets.server;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * One accepted client connection of the thread-per-connection (TLS) listener, admitted or refused
 * as it arrives.
 *
 * <p>{@link ConnectionAdmission} decides on the accept thread, before a byte is read: a refused
 * connection is reported and closed without ever being read. An admitted one holds its place in
 * the connection limit until it closes.
 *
 * <p>Read failures (a client that resets, hangs up mid-frame or sends a bad frame) are the client's
 * doing, not the server's: {@link ConnectionErrors} logs each once at a level that fits, so this
 * class keeps Spring Integration from logging them again at ERROR.
 *
 * <p>Replies are written straight to the socket. Spring Integration's own {@code send} wraps it in
 * a {@code BufferedOutputStream} as large as the socket's send buffer, which Linux auto-tunes to
 * megabytes: about 2 MB of heap held by every connection that ever replied. The codec already
 * writes a small frame in one call, so the buffer bought nothing.
 */
class BlockingServerConnection extends TcpNetConnection {

	private final Socket socket;

	private final ConnectionAdmission admission;

	private final ConnectionAdmission.Refusal refusal;

	private final AtomicBoolean released = new AtomicBoolean();

	private final Lock sendLock = new ReentrantLock();

	BlockingServerConnection(Socket socket, boolean server, boolean lookupHost, ApplicationEventPublisher publisher,
			String connectionFactoryName, ConnectionAdmission admission) {
		super(socket, server, lookupHost, publisher, connectionFactoryName);
		this.socket = socket;
		this.admission = admission;
		this.refusal = admission.admit(socket.getInetAddress());
	}

	@Override
	public void run() {
		if (this.refusal != null) {
			this.admission.refused(this.refusal, (InetSocketAddress) this.socket.getRemoteSocketAddress());
			close();
			return;
		}
		super.run();
	}

	@Override
	public void close() {
		super.close();
		if (this.refusal == null && this.released.compareAndSet(false, true)) {
			this.admission.release();
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		this.sendLock.lock();
		try {
			Object reply = getMapper().fromMessage(message);
			((Serializer<Object>) getSerializer()).serialize(reply, this.socket.getOutputStream());
		}
		catch (Exception ex) {
			MessagingException failure = new MessagingException(message, "Send Failed", ex);
			publishConnectionExceptionEvent(failure);
			closeConnection(true);
			throw failure;
		}
		finally {
			this.sendLock.unlock();
		}
	}

	@Override
	protected boolean handleReadException(Exception exception) {
		setNoReadErrorOnClose(true);
		return super.handleReadException(exception);
	}

}
