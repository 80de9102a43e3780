package dev.bufferedsockets.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.bufferedsockets.protocol.FrameDecoder;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.FrameTooLargeException;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.protocol.InvalidUtf8Exception;
import dev.bufferedsockets.protocol.TruncatedFrameException;

/**
 * One connection of {@code conform} to the server under test, every wait bounded by the case's
 * deadline. Replies are read with the protocol's own decoder, while the raw bytes of each reply are
 * kept so that a wrong one can be shown as it came.
 */
final class ProbeConnection implements AutoCloseable {

	/** How long to wait for trailing bytes once our side is closed: a correct server closes at once. */
	private static final Duration TRAILING_WAIT = Duration.ofSeconds(1);

	/** Bytes kept after a reply's header that announced the wrong length, to show what followed. */
	private static final int FOLLOWING_BYTES = 32;

	private final Socket socket = new Socket();

	private final FrameEncoder encoder;

	private final long deadline;

	private final DeadlineInput in;

	private final OutputStream out;

	ProbeConnection(String host, int port, HeaderFormat format, long deadlineNanos) throws IOException {
		this.encoder = FrameEncoder.of(format);
		this.deadline = deadlineNanos;
		try {
			this.socket.setTcpNoDelay(true);
			this.socket.connect(new InetSocketAddress(host, port), remainingMillis());
			this.in = new DeadlineInput();
			this.out = this.socket.getOutputStream();
		}
		catch (IOException ex) {
			this.socket.close();
			throw ex;
		}
	}

	HeaderFormat format() {
		return this.encoder.format();
	}

	/** @return the frame for {@code payload} with this connection's header */
	byte[] frame(byte[] payload) {
		return this.encoder.encode(payload);
	}

	void send(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/** Send {@code bytes} in writes of {@code pieceBytes} each (with TCP_NODELAY, mostly a segment each). */
	void sendInPieces(byte[] bytes, int pieceBytes) throws IOException {
		for (int i = 0; i < bytes.length; i += pieceBytes) {
			this.out.write(bytes, i, Math.min(pieceBytes, bytes.length - i));
			this.out.flush();
		}
	}

	/**
	 * Read one reply frame.
	 * @param expectedPayloadBytes the length a correct reply announces; a header announcing more is
	 * wrong at once, so a lying header costs nothing to find
	 */
	Received read(int expectedPayloadBytes) throws IOException {
		this.in.record(this.encoder.frameBytes(expectedPayloadBytes) + FOLLOWING_BYTES);
		FrameDecoder decoder = new FrameDecoder(format(), expectedPayloadBytes);
		try {
			byte[] payload = decoder.readFrame(this.in, 64 * 1024, null);
			if (payload == null) {
				return Received.failed(this.in.recorded(), -1, "the server closed the connection instead of replying");
			}
			return new Received(this.in.recorded(), payload.length, payload, null, false);
		}
		catch (FrameTooLargeException wrong) {
			readFollowing();
			return Received.failed(this.in.recorded(), wrong.announcedBytes(), "the header announces "
					+ wrong.announcedBytes() + " bytes, more than a correct reply has");
		}
		catch (InvalidUtf8Exception invalid) {
			byte[] wire = this.in.recorded();
			return Received.failed(wire, wire.length - format().bytes(),
					"the payload is not valid UTF-8 (from payload byte " + invalid.offset() + ")");
		}
		catch (TruncatedFrameException truncated) {
			return Received.failed(this.in.recorded(), announced(truncated.part(), truncated.expected()),
					"the server closed the connection after " + truncated.received() + " of " + truncated.expected()
							+ " " + truncated.part() + " bytes");
		}
		catch (SocketTimeoutException silent) {
			byte[] wire = this.in.recorded();
			return new Received(wire, -1, null, "no whole reply within the case's time limit (" + wire.length
					+ " bytes of it arrived)", true);
		}
	}

	/**
	 * Close our sending side, as a client that is done does, and collect whatever still arrives
	 * before the server closes (at most {@link #TRAILING_WAIT}): a correct server sends nothing more.
	 */
	byte[] trailingBytes() throws IOException {
		this.socket.shutdownOutput();
		this.in.record(64);
		long until = Math.min(this.deadline, System.nanoTime() + TRAILING_WAIT.toNanos());
		try {
			byte[] buffer = new byte[4096];
			while (this.in.readBefore(buffer, until) >= 0) {
				// keep reading: what arrives is recorded
			}
		}
		catch (SocketTimeoutException | SocketException quietOrReset) {
			// silence or a reset after our close: no bytes either way
		}
		return this.in.recorded();
	}

	/** @return true if the server closed or reset the connection within the deadline, false if it stayed open */
	boolean closedByServer() throws IOException {
		try {
			byte[] buffer = new byte[4096];
			while (this.in.read(buffer) >= 0) {
				// bytes after a refusal: keep waiting for the close
			}
			return true;
		}
		catch (SocketTimeoutException open) {
			return false;
		}
		catch (SocketException reset) {
			return true;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private long announced(String part, long expected) {
		return "payload".equals(part) ? expected : -1;
	}

	private void readFollowing() throws IOException {
		long until = Math.min(this.deadline, System.nanoTime() + Duration.ofMillis(200).toNanos());
		byte[] buffer = new byte[FOLLOWING_BYTES];
		try {
			this.in.readBefore(buffer, until);
		}
		catch (SocketTimeoutException nothing) {
			// nothing followed the header
		}
	}

	private int remainingMillis() throws SocketTimeoutException {
		return remainingMillis(this.deadline);
	}

	private static int remainingMillis(long until) throws SocketTimeoutException {
		long left = until - System.nanoTime();
		if (left <= 0) {
			throw new SocketTimeoutException("the case's time limit has passed");
		}
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
	}

	/**
	 * A reply as it arrived.
	 * @param wire its bytes, header first, as far as they came (and a few after a wrong header)
	 * @param announced the length its header announced, -1 if no whole header arrived
	 * @param payload the payload if a whole frame of valid UTF-8 arrived, else null
	 * @param problem why no such frame arrived, or null
	 * @param timedOut true if the problem is that the server went silent before the deadline
	 */
	record Received(byte[] wire, long announced, byte[] payload, String problem, boolean timedOut) {

		static Received failed(byte[] wire, long announced, String problem) {
			return new Received(wire, announced, null, problem, false);
		}

	}

	/** The socket's input, each read bounded by the deadline, keeping a copy of what it returns. */
	private final class DeadlineInput extends InputStream {

		private final InputStream socketIn;

		private ByteArrayOutputStream recorded = new ByteArrayOutputStream();

		private int recordLimit;

		DeadlineInput() throws IOException {
			this.socketIn = ProbeConnection.this.socket.getInputStream();
		}

		void record(int limit) {
			this.recorded = new ByteArrayOutputStream();
			this.recordLimit = limit;
		}

		byte[] recorded() {
			return this.recorded.toByteArray();
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			return readBefore(buffer, offset, length, ProbeConnection.this.deadline);
		}

		int readBefore(byte[] buffer, long until) throws IOException {
			return readBefore(buffer, 0, buffer.length, until);
		}

		private int readBefore(byte[] buffer, int offset, int length, long until) throws IOException {
			ProbeConnection.this.socket.setSoTimeout(remainingMillis(until));
			int n = this.socketIn.read(buffer, offset, length);
			if (n > 0) {
				this.recorded.write(buffer, offset, Math.min(n, Math.max(0, this.recordLimit - this.recorded.size())));
			}
			return n;
		}

	}

}
