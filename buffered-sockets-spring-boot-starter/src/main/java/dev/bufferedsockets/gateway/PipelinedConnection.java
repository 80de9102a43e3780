package dev.bufferedsockets.gateway;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import dev.bufferedsockets.protocol.FrameEncoder;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * A gateway connection that reads when asked to rather than on a thread of its own: {@link #receive}
 * reads one reply and hands it to the connection's listener, on the calling thread. A caller that
 * waits for its reply reads it itself when no one else is reading (see {@link Lane}), which spares
 * the thread switch a reader thread costs on every call: on the 2-core machine of the README, about
 * as long as a raw socket's whole round trip.
 *
 * <p>Requests go straight to the socket, several frames in one write when several callers queued
 * theirs at once ({@link #write}): Spring Integration's own {@code send} would wrap the stream in a
 * {@code BufferedOutputStream} as large as the socket's send buffer (megabytes on Linux) for each
 * pooled connection. Replies are read through a buffer of {@code buffer-size} bytes, so a burst of
 * pipelined replies costs one socket read rather than two per frame.
 */
class PipelinedConnection extends TcpNetConnection {

	/** Frames up to this size are copied into one write with their neighbours; larger ones go as they are. */
	private static final int COALESCE_LIMIT_BYTES = 64 * 1024;

	private final Socket socket;

	private final ReplyBuffer in;

	private final MessageHeaders replyHeaders;

	PipelinedConnection(Socket socket, ApplicationEventPublisher publisher, String connectionFactoryName,
			int bufferSize) {
		super(socket, false, false, publisher, connectionFactoryName);
		this.socket = socket;
		try {
			this.in = new ReplyBuffer(socket.getInputStream(), bufferSize);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.replyHeaders = new MessageHeaders(Map.of(IpHeaders.CONNECTION_ID, getConnectionId()));
	}

	/** Runs once on the factory's executor when the connection opens: announce it, read nothing. */
	@Override
	public void run() {
		publishConnectionOpenEvent();
	}

	@Override
	protected InputStream inputStream() {
		return this.in;
	}

	/** @return the headers of every reply read here: just the connection id, made once, not per reply */
	MessageHeaders replyHeaders() {
		return this.replyHeaders;
	}

	/** @return true if bytes already read from the socket wait in the buffer: the next read will not block */
	boolean hasBufferedBytes() {
		return this.in.buffered() > 0;
	}

	/** One frame, straight to the socket. */
	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		Object payload = getMapper().fromMessage(message);
		try {
			((Serializer<Object>) getSerializer()).serialize(payload, this.socket.getOutputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The requests of {@code calls}, in order, in as few socket writes as their sizes allow. */
	void write(List<PendingCall> calls) throws IOException {
		OutputStream out = this.socket.getOutputStream();
		if (calls.size() == 1) {
			FrameEncoder.DEFAULT.write(out, calls.get(0).payload);
			return;
		}
		int total = 0;
		for (PendingCall call : calls) {
			total += FrameEncoder.DEFAULT.frameBytes(call.payload.length);
		}
		ByteBuffer chunk = ByteBuffer.allocate(Math.min(total, COALESCE_LIMIT_BYTES));
		for (PendingCall call : calls) {
			byte[] payload = call.payload;
			if (FrameEncoder.DEFAULT.frameBytes(payload.length) > chunk.remaining() && chunk.position() > 0) {
				out.write(chunk.array(), 0, chunk.position());
				chunk.clear();
			}
			if (FrameEncoder.DEFAULT.frameBytes(payload.length) > chunk.remaining()) {
				FrameEncoder.DEFAULT.write(out, payload);
			}
			else {
				FrameEncoder.DEFAULT.encode(payload, chunk);
			}
		}
		if (chunk.position() > 0) {
			out.write(chunk.array(), 0, chunk.position());
		}
		out.flush();
	}

	/**
	 * Read one reply and hand it to the listener. After a failure (end of stream, reset, a frame that
	 * is not valid) the stream is out of step: the caller must close the connection.
	 */
	void receive() throws Exception {
		try {
			Message<?> reply = getMapper().toMessage(this);
			TcpListener listener = getListener();
			if (reply != null && listener != null) {
				listener.onMessage(reply);
			}
		}
		catch (Exception ex) {
			if (isOpen()) {
				publishConnectionExceptionEvent(ex);
			}
			throw ex;
		}
	}

	/** A read buffer that tells how much it holds. */
	private static final class ReplyBuffer extends BufferedInputStream {

		ReplyBuffer(InputStream in, int size) {
			super(in, size);
		}

		int buffered() {
			return this.count - this.pos;
		}

	}

}
