package dev.bufferedsockets.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Reads and writes frames of the buffered-sockets protocol on blocking streams.
 *
 * <pre>
 * +----------------+---------------------------+
 * | length: u32 BE | payload: `length` bytes    |
 * +----------------+---------------------------+
 * </pre>
 *
 * The length is an unsigned 32-bit big-endian count of payload bytes (so {@code 0xFFFFFFFF} is
 * 4,294,967,295, never -1). The payload is UTF-8 text; an empty payload is a valid frame.
 *
 * <p>Reading takes the stream in chunks of at most {@code bufferSize} bytes and never asks for
 * more than the rest of the current frame, so frames that arrive back to back are never mixed.
 * A header above {@code maxPayloadBytes} is refused before any payload memory is allocated, and
 * large payloads grow their buffer as bytes actually arrive, so a header that lies about its
 * length costs at most {@link #SPECULATIVE_ALLOCATION_BYTES}.
 *
 * <p>With a frame timeout, a stream whose reads time out (a socket with {@code SO_TIMEOUT}) may
 * stall inside a frame for at most that long in total between bytes; a timeout before the first
 * byte of a frame is the caller's business (an idle connection) and is thrown as it is.
 *
 * <p>A codec holds only its settings; one instance serves any number of streams and threads.
 */
public final class FrameCodec {

	/** Bytes in a frame header. */
	public static final int HEADER_BYTES = 4;

	/** The largest payload a Java array can hold, hence the highest usable limit. */
	public static final int MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;

	/** The most a reader allocates up front for a payload that has not arrived yet. */
	public static final int SPECULATIVE_ALLOCATION_BYTES = 1 << 20;

	/** Payloads up to this size are written with their header in a single write. */
	private static final int COALESCE_LIMIT_BYTES = 64 * 1024;

	private final int bufferSize;

	private final int maxPayloadBytes;

	private final Duration frameTimeout;

	/**
	 * @param bufferSize the most bytes asked of the stream in one read, at least 1
	 * @param maxPayloadBytes the largest payload accepted when reading, 0 to {@link #MAX_PAYLOAD_BYTES}
	 */
	public FrameCodec(int bufferSize, int maxPayloadBytes) {
		this(bufferSize, maxPayloadBytes, null);
	}

	/**
	 * @param bufferSize the most bytes asked of the stream in one read, at least 1
	 * @param maxPayloadBytes the largest payload accepted when reading, 0 to {@link #MAX_PAYLOAD_BYTES}
	 * @param frameTimeout how long a frame may stall between bytes; null = a read timeout inside a
	 * frame is thrown at once, as a {@link SocketTimeoutException}
	 */
	public FrameCodec(int bufferSize, int maxPayloadBytes, Duration frameTimeout) {
		if (bufferSize < 1) {
			throw new IllegalArgumentException("bufferSize must be at least 1, was " + bufferSize);
		}
		if (maxPayloadBytes < 0 || maxPayloadBytes > MAX_PAYLOAD_BYTES) {
			throw new IllegalArgumentException(
					"maxPayloadBytes must be between 0 and " + MAX_PAYLOAD_BYTES + ", was " + maxPayloadBytes);
		}
		if (frameTimeout != null && (frameTimeout.isZero() || frameTimeout.isNegative())) {
			throw new IllegalArgumentException("frameTimeout must be positive, was " + frameTimeout);
		}
		this.bufferSize = bufferSize;
		this.maxPayloadBytes = maxPayloadBytes;
		this.frameTimeout = frameTimeout;
	}

	public int bufferSize() {
		return this.bufferSize;
	}

	public int maxPayloadBytes() {
		return this.maxPayloadBytes;
	}

	/**
	 * Read one frame.
	 * @return the payload, or {@code null} if the stream ended cleanly before a new frame began
	 * @throws FrameTooLargeException if the header announces more than {@code maxPayloadBytes}
	 * @throws InvalidUtf8Exception if the payload is not well-formed UTF-8
	 * @throws TruncatedFrameException if the stream ended inside the frame
	 * @throws FrameTimeoutException if the frame stalled for longer than the frame timeout
	 * @throws SocketTimeoutException if the stream timed out before the frame's first byte
	 * @throws IOException if the stream fails
	 */
	public byte[] readFrame(InputStream in) throws IOException {
		long length = readHeader(in);
		if (length < 0) {
			return null;
		}
		if (length > this.maxPayloadBytes) {
			throw new FrameTooLargeException(length, this.maxPayloadBytes);
		}
		byte[] payload = readPayload(in, (int) length);
		int invalid = Utf8.indexOfInvalid(payload, 0, payload.length);
		if (invalid >= 0) {
			throw new InvalidUtf8Exception(invalid, payload.length);
		}
		return payload;
	}

	/** Write one frame: header and payload, in one write when the payload is small. */
	public void writeFrame(OutputStream out, byte[] payload) throws IOException {
		if (payload.length <= COALESCE_LIMIT_BYTES) {
			out.write(encode(payload));
		}
		else {
			byte[] header = new byte[HEADER_BYTES];
			putHeader(header, payload.length);
			out.write(header);
			out.write(payload);
		}
		out.flush();
	}

	/** @return the encoded frame for {@code payload}: its header followed by its bytes */
	public static byte[] encode(byte[] payload) {
		byte[] frame = new byte[HEADER_BYTES + payload.length];
		putHeader(frame, payload.length);
		System.arraycopy(payload, 0, frame, HEADER_BYTES, payload.length);
		return frame;
	}

	private static void putHeader(byte[] target, int length) {
		target[0] = (byte) (length >>> 24);
		target[1] = (byte) (length >>> 16);
		target[2] = (byte) (length >>> 8);
		target[3] = (byte) length;
	}

	/** @return the announced length (unsigned), or -1 on a clean end of stream */
	private long readHeader(InputStream in) throws IOException {
		byte[] header = new byte[HEADER_BYTES];
		int read = 0;
		while (read < HEADER_BYTES) {
			int wanted = Math.min(HEADER_BYTES - read, this.bufferSize);
			int n = (read == 0) ? in.read(header, 0, wanted)
					: readInFrame(in, header, read, wanted, "header", HEADER_BYTES);
			if (n < 0) {
				if (read == 0) {
					return -1;
				}
				throw new TruncatedFrameException("header", read, HEADER_BYTES);
			}
			read += n;
		}
		return ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFFL) << 16) | ((header[2] & 0xFFL) << 8)
				| (header[3] & 0xFFL);
	}

	private byte[] readPayload(InputStream in, int length) throws IOException {
		byte[] payload = new byte[Math.min(length, SPECULATIVE_ALLOCATION_BYTES)];
		int read = 0;
		while (read < length) {
			if (read == payload.length) {
				// Only grow once the bytes are really arriving: a lying header cannot make us allocate.
				payload = Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
			}
			int wanted = Math.min(payload.length - read, this.bufferSize);
			int n = readInFrame(in, payload, read, wanted, "payload", length);
			if (n < 0) {
				throw new TruncatedFrameException("payload", read, length);
			}
			read += n;
		}
		return payload;
	}

	/** A read inside a frame: read timeouts count towards the frame timeout until bytes arrive. */
	private int readInFrame(InputStream in, byte[] target, int offset, int length, String part, long expected)
			throws IOException {
		long stalledNanos = 0;
		while (true) {
			long start = System.nanoTime();
			try {
				return in.read(target, offset, length);
			}
			catch (SocketTimeoutException timeout) {
				if (this.frameTimeout == null) {
					throw timeout;
				}
				stalledNanos += System.nanoTime() - start;
				if (stalledNanos >= this.frameTimeout.toNanos()) {
					throw new FrameTimeoutException(this.frameTimeout, part, offset, expected);
				}
			}
		}
	}

}
