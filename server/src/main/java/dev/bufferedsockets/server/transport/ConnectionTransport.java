package dev.bufferedsockets.server.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSession;

/**
 * The byte stream of one connection as its {@link IoLoop} reads and writes it: the socket itself
 * ({@link #plain}), or TLS over it ({@link TlsTransport}). Everything above it (framing, batching,
 * replies, timeouts, backpressure, drain) is the same code for both.
 *
 * <p>Never blocks. A read or write takes what it can now and reports whether it has to wait for the
 * socket to become writable; used by the connection's I/O thread only, except {@link #close}.
 */
abstract class ConnectionTransport {

	private final SocketChannel socket;

	ConnectionTransport(SocketChannel socket) {
		this.socket = socket;
	}

	static ConnectionTransport plain(SocketChannel socket) {
		return new Plain(socket);
	}

	final SocketChannel socket() {
		return this.socket;
	}

	/** @return bytes read into {@code destination}, 0 if none can be read now, -1 at the end of the stream */
	abstract int read(ByteBuffer destination) throws IOException;

	/**
	 * @return true if a read that did not fill its buffer may still leave bytes to read that the
	 * selector will not announce (TLS records already taken from the socket)
	 */
	abstract boolean buffersInput();

	/** Write as much of {@code sources} as can go now; what was taken is gone from their positions. */
	abstract void write(ByteBuffer source) throws IOException;

	/** Gathering {@link #write(ByteBuffer)}: a header and its payload in one call. */
	abstract void write(ByteBuffer[] sources) throws IOException;

	/** Write what the transport still holds. @return true if it holds nothing now */
	abstract boolean flush() throws IOException;

	/** @return true if bytes already written wait inside the transport for the socket */
	abstract boolean holdsOutput();

	/** @return true while reading or writing cannot go on until the socket is writable */
	abstract boolean waitsForWritable();

	/** @return true until the connection can carry frames: a TLS handshake still in progress */
	abstract boolean handshaking();

	/** End this side of the stream once what was written has left: the client reads to the end, then end of stream. */
	abstract void shutdownOutput() throws IOException;

	/** Close the connection; may be called from any thread. */
	abstract void close() throws IOException;

	/** @return the TLS session once the handshake is done, else null */
	abstract SSLSession session();

	private static final class Plain extends ConnectionTransport {

		Plain(SocketChannel socket) {
			super(socket);
		}

		@Override
		int read(ByteBuffer destination) throws IOException {
			return socket().read(destination);
		}

		@Override
		boolean buffersInput() {
			return false;
		}

		@Override
		void write(ByteBuffer source) throws IOException {
			socket().write(source);
		}

		@Override
		void write(ByteBuffer[] sources) throws IOException {
			socket().write(sources);
		}

		@Override
		boolean flush() {
			return true;
		}

		@Override
		boolean holdsOutput() {
			return false;
		}

		@Override
		boolean waitsForWritable() {
			return false;
		}

		@Override
		boolean handshaking() {
			return false;
		}

		@Override
		void shutdownOutput() throws IOException {
			socket().shutdownOutput();
		}

		@Override
		void close() throws IOException {
			socket().close();
		}

		@Override
		SSLSession session() {
			return null;
		}

	}

}
