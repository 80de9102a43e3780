package dev.bufferedsockets.server.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

import tlschannel.BufferAllocator;
import tlschannel.HeapBufferAllocator;
import tlschannel.NeedsReadException;
import tlschannel.NeedsWriteException;
import tlschannel.ServerTlsChannel;

/**
 * TLS over a connection's socket, on its I/O loop like any plain connection: the library
 * <a href="https://github.com/marianobarrios/tls-channel">tls-channel</a> drives the JDK's
 * {@code SSLEngine} as a non-blocking byte channel, handshake included, on the loop's thread.
 *
 * <p>The engine's record buffers are heap buffers (the JDK's ciphers work on arrays) and are
 * released whenever they are empty: an idle TLS connection holds its engine and session, not a
 * buffer. A write the socket cannot take entirely leaves at most one encrypted record inside the
 * channel, written first by the next {@link #flush} or write.
 */
final class TlsTransport extends ConnectionTransport {

	private static final BufferAllocator HEAP = new HeapBufferAllocator();

	private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

	private final ServerTlsChannel tls;

	private volatile SSLSession session;

	/** Encrypted bytes wait inside the channel for the socket. */
	private boolean outputPending;

	/** The handshake has bytes to send and the socket took none: reading waits for writability. */
	private boolean readWaitsForWritable;

	/** Bytes taken from the socket: a client that ends the stream inside the handshake had started one. */
	private long received;

	/** close_notify sent: TLS reads no more, so whatever the client still sends is read raw and dropped. */
	private boolean outputShut;

	TlsTransport(SocketChannel socket, SSLContext context, Function<SSLContext, SSLEngine> engines) {
		super(socket);
		this.tls = ServerTlsChannel.newBuilder(new CountingChannel(socket), context)
			.withEngineFactory(engines)
			.withRunTasks(true)
			.withPlainBufferAllocator(HEAP)
			.withEncryptedBufferAllocator(HEAP)
			.withReleaseBuffers(true)
			.withSessionInitCallback(established -> this.session = established)
			.build();
	}

	@Override
	int read(ByteBuffer destination) throws IOException {
		if (this.outputShut) {
			int read = socket().read(destination);
			destination.clear();
			return Math.min(read, 0); // like replies after a half-close, what comes now is not answered
		}
		try {
			int read = this.tls.read(destination);
			this.readWaitsForWritable = false;
			return read;
		}
		catch (ClosedChannelException endedInHandshake) {
			if (!handshaking() || !socket().isOpen()) {
				throw endedInHandshake;
			}
			if (this.received == 0) {
				return -1; // connected and hung up, as a TCP probe does: nothing was tried
			}
			throw new SSLHandshakeException("the connection ended during the TLS handshake, after " + this.received
					+ " bytes from the client");
		}
		catch (NeedsReadException ex) {
			this.readWaitsForWritable = false;
			return 0;
		}
		catch (NeedsWriteException ex) {
			this.readWaitsForWritable = true;
			return 0;
		}
	}

	@Override
	boolean buffersInput() {
		return true;
	}

	@Override
	void write(ByteBuffer source) throws IOException {
		try {
			this.tls.write(source);
			this.outputPending = false;
		}
		catch (NeedsWriteException | NeedsReadException ex) {
			// what was taken is in the source's position; the rest of the record waits in the channel
			this.outputPending = true;
		}
	}

	@Override
	void write(ByteBuffer[] sources) throws IOException {
		try {
			this.tls.write(sources);
			this.outputPending = false;
		}
		catch (NeedsWriteException | NeedsReadException ex) {
			this.outputPending = true;
		}
	}

	@Override
	boolean flush() throws IOException {
		if (this.outputPending) {
			write(NOTHING);
		}
		return !this.outputPending;
	}

	@Override
	boolean holdsOutput() {
		return this.outputPending;
	}

	@Override
	boolean waitsForWritable() {
		return this.outputPending || this.readWaitsForWritable;
	}

	@Override
	boolean handshaking() {
		return this.session == null;
	}

	@Override
	void shutdownOutput() throws IOException {
		this.outputShut = true;
		try {
			this.tls.shutdown(); // close_notify: a TLS client tells our end from a cut connection
		}
		catch (NeedsWriteException | NeedsReadException ex) {
			// the socket is full: the end of stream that follows says the same
		}
		socket().shutdownOutput();
	}

	@Override
	void close() throws IOException {
		this.tls.close(); // tries a close_notify, then closes the socket
	}

	@Override
	SSLSession session() {
		return this.session;
	}

	/** The socket as the TLS channel sees it, counting what it reads. */
	private final class CountingChannel implements ByteChannel {

		private final SocketChannel socket;

		CountingChannel(SocketChannel socket) {
			this.socket = socket;
		}

		@Override
		public int read(ByteBuffer destination) throws IOException {
			int read = this.socket.read(destination);
			if (read > 0) {
				TlsTransport.this.received += read;
			}
			return read;
		}

		@Override
		public int write(ByteBuffer source) throws IOException {
			return this.socket.write(source);
		}

		@Override
		public boolean isOpen() {
			return this.socket.isOpen();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
