package dev.bufferedsockets.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

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
 * 4,294,967,295, never -1). The payload is UTF-8 text; an empty payload is a valid frame. Older
 * versions of the course used a 2-byte length ({@link HeaderFormat#TWO_BYTES}); a codec made with
 * that format reads and writes it instead.
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
 * <p>Reading is {@link FrameDecoder} driven over the stream, writing is {@link FrameEncoder}: this
 * class only holds the settings of a blocking reader, so one instance serves any number of
 * streams and threads.
 */
public final class FrameCodec {

	/** Bytes in a frame header of the default format, {@link HeaderFormat#FOUR_BYTES}. */
	public static final int HEADER_BYTES = 4;

	/** The largest payload a Java array can hold, hence the highest usable limit. */
	public static final int MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;

	/** The most a reader allocates up front for a payload that has not arrived yet. */
	public static final int SPECULATIVE_ALLOCATION_BYTES = 1 << 20;

	private final int bufferSize;

	private final int maxPayloadBytes;

	private final Duration frameTimeout;

	private final FrameEncoder encoder;

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
		this(bufferSize, maxPayloadBytes, frameTimeout, HeaderFormat.FOUR_BYTES);
	}

	/**
	 * @param bufferSize the most bytes asked of the stream in one read, at least 1
	 * @param maxPayloadBytes the largest payload accepted when reading, 0 to {@link #MAX_PAYLOAD_BYTES}
	 * @param frameTimeout how long a frame may stall between bytes; null = a read timeout inside a
	 * frame is thrown at once, as a {@link SocketTimeoutException}
	 * @param format the header's size, for reading and writing
	 */
	public FrameCodec(int bufferSize, int maxPayloadBytes, Duration frameTimeout, HeaderFormat format) {
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
		this.encoder = FrameEncoder.of(format);
	}

	public int bufferSize() {
		return this.bufferSize;
	}

	public int maxPayloadBytes() {
		return this.maxPayloadBytes;
	}

	public HeaderFormat headerFormat() {
		return this.encoder.format();
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
		return new FrameDecoder(headerFormat(), this.maxPayloadBytes).readFrame(in, this.bufferSize, this.frameTimeout);
	}

	/**
	 * Write one frame: header and payload, in one write when the payload is small ({@link FrameEncoder}).
	 * @throws IllegalArgumentException if the payload is too long for the header; nothing is written then
	 */
	public void writeFrame(OutputStream out, byte[] payload) throws IOException {
		this.encoder.write(out, payload);
	}

}
