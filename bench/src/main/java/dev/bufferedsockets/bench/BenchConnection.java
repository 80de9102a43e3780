package dev.bufferedsockets.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import tlschannel.NeedsReadException;
import tlschannel.NeedsWriteException;

/**
 * One generator connection: keeps {@code depth} requests in flight and checks every reply, byte
 * for byte, against the one its request must get. Touched by one selector thread only, and
 * allocation-free once built.
 *
 * <p>Over TLS, requests and replies go through a non-blocking tls-channel {@code TlsChannel} on the
 * socket: its {@code NeedsReadException} and {@code NeedsWriteException} mean "call again once the
 * socket is readable / writable", a write may hold encrypted bytes back until the socket takes
 * them, and a read may leave decrypted bytes inside it, so reads go on until it has none.
 */
final class BenchConnection {

	private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

	private final SocketChannel channel;

	/** The socket itself, or the TLS channel over it. */
	private final ByteChannel io;

	private final boolean tls;

	/** TLS only: encrypted bytes are waiting for the socket, or the handshake must write. */
	private boolean mustWrite;

	private final RequestStream requests;

	private final ByteBuffer out;

	private final int frameBytes;

	private final int streamBytes;

	private final int depth;

	/** When each in-flight request's last byte was written, by request number modulo depth. */
	private final long[] sentAt;

	private long bytesWritten;

	private long framesWritten;

	private long repliesReceived;

	private boolean stopping;

	private int headerBytesRead;

	private int announcedLength;

	private int payloadBytesRead;

	private byte[] expected;

	BenchConnection(SocketChannel channel, RequestStream requests, int depth) {
		this(channel, channel, requests, depth);
	}

	/** @param io {@code channel} itself, or a TLS channel over it */
	BenchConnection(SocketChannel channel, ByteChannel io, RequestStream requests, int depth) {
		this.channel = channel;
		this.io = io;
		this.tls = io != channel;
		this.requests = requests;
		this.out = requests.newView();
		this.frameBytes = requests.frameBytes();
		this.streamBytes = requests.streamBytes();
		this.depth = depth;
		this.sentAt = new long[depth];
	}

	SocketChannel channel() {
		return this.channel;
	}

	/**
	 * Write requests until {@code depth} are in flight or the socket is full.
	 * @return true if everything wanted went out (or TLS waits for the server); false if the
	 * caller must wait for writability
	 */
	boolean send(long now) throws IOException {
		long target = this.stopping ? (this.framesWritten + ((this.bytesWritten % this.frameBytes == 0) ? 0 : 1))
				: this.repliesReceived + this.depth;
		long targetBytes = target * this.frameBytes;
		try {
			if (this.mustWrite && this.bytesWritten >= targetBytes) {
				this.io.write(NOTHING);
			}
			this.mustWrite = false;
			while (this.bytesWritten < targetBytes) {
				int offset = (int) (this.bytesWritten % this.streamBytes);
				int chunk = (int) Math.min(targetBytes - this.bytesWritten, this.streamBytes - offset);
				this.out.clear();
				this.out.position(offset).limit(offset + chunk);
				try {
					if (this.io.write(this.out) == 0) {
						return false;
					}
				}
				finally {
					wrote(this.out.position() - offset, now);
				}
			}
			return true;
		}
		catch (NeedsWriteException ex) {
			this.mustWrite = true;
			return false;
		}
		catch (NeedsReadException ex) {
			return true; // the handshake waits for the server; reading resumes it
		}
	}

	/**
	 * Read what the connection has now into {@code buffer}, from its start.
	 * @return bytes read, 0 if there are none now, -1 at the end of the stream
	 */
	int read(ByteBuffer buffer) throws IOException {
		buffer.clear();
		try {
			return this.io.read(buffer);
		}
		catch (NeedsReadException ex) {
			return 0;
		}
		catch (NeedsWriteException ex) {
			this.mustWrite = true; // the handshake must write first
			return 0;
		}
	}

	/** @return true if a read may leave bytes behind in the connection that no readiness event will announce */
	boolean buffersReads() {
		return this.tls;
	}

	private void wrote(int written, long now) {
		this.bytesWritten += written;
		for (long complete = this.bytesWritten / this.frameBytes; this.framesWritten < complete; this.framesWritten++) {
			this.sentAt[(int) (this.framesWritten % this.depth)] = now;
		}
	}

	/**
	 * Check the reply bytes in {@code bytes[from, to)} and record each reply they complete.
	 * @throws ReplyMismatchException if they are not exactly the replies expected next
	 */
	void receive(byte[] bytes, int from, int to, long now, ReplyRecorder recorder) throws ReplyMismatchException {
		int i = from;
		while (i < to) {
			if (this.headerBytesRead < 4) {
				this.announcedLength = (this.announcedLength << 8) | (bytes[i++] & 0xFF);
				if (++this.headerBytesRead == 4) {
					startReply(now, recorder);
				}
				continue;
			}
			int n = Math.min(to - i, this.expected.length - this.payloadBytesRead);
			int mismatch = Arrays.mismatch(bytes, i, i + n, this.expected, this.payloadBytesRead,
					this.payloadBytesRead + n);
			if (mismatch >= 0) {
				throw new ReplyMismatchException("reply " + this.repliesReceived + " differs from the expected "
						+ this.expected.length + "-byte reply at payload byte " + (this.payloadBytesRead + mismatch));
			}
			i += n;
			this.payloadBytesRead += n;
			if (this.payloadBytesRead == this.expected.length) {
				completeReply(now, recorder);
			}
		}
	}

	/** Send no new requests; finish the one being written, if any. */
	void stop() {
		this.stopping = true;
	}

	/** @return true once stopping and every request written has its reply */
	boolean drained() {
		return this.stopping && this.repliesReceived == this.framesWritten && this.bytesWritten % this.frameBytes == 0;
	}

	/** @return true if not one request byte went out (over TLS: the handshake never finished) */
	boolean sentNothing() {
		return this.bytesWritten == 0;
	}

	/** @return requests written that have no reply yet */
	long outstanding() {
		return this.framesWritten - this.repliesReceived;
	}

	void close() {
		try {
			this.io.close();
			this.channel.close();
		}
		catch (IOException ex) {
			// the connection is finished with either way
		}
	}

	private void startReply(long now, ReplyRecorder recorder) throws ReplyMismatchException {
		if (this.repliesReceived >= this.framesWritten) {
			throw new ReplyMismatchException("a reply arrived before its request was sent (" + this.repliesReceived
					+ " replies, " + this.framesWritten + " requests)");
		}
		this.expected = this.requests.expectedReply(this.repliesReceived);
		if (this.announcedLength != this.expected.length) {
			throw new ReplyMismatchException("reply " + this.repliesReceived + " announces "
					+ Integer.toUnsignedString(this.announcedLength) + " bytes, expected " + this.expected.length);
		}
		this.payloadBytesRead = 0;
		if (this.expected.length == 0) {
			completeReply(now, recorder);
		}
	}

	private void completeReply(long now, ReplyRecorder recorder) {
		recorder.reply(now - this.sentAt[(int) (this.repliesReceived % this.depth)], now, this.expected.length);
		this.repliesReceived++;
		this.headerBytesRead = 0;
		this.announcedLength = 0;
	}

}
