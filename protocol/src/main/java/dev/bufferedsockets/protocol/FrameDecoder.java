package dev.bufferedsockets.protocol;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes frames from bytes as they arrive, for non-blocking reads: feed it buffers of any size
 * and it emits every payload they complete, in order, keeping only the frame in progress between
 * calls.
 *
 * <p>The rules are {@link FrameCodec}'s: the length is unsigned; a header above
 * {@code maxPayloadBytes} is refused before any payload memory exists; a payload buffer starts at
 * most {@link FrameCodec#SPECULATIVE_ALLOCATION_BYTES} long and grows only as bytes really arrive;
 * a complete payload must be well-formed UTF-8 ({@link Utf8#indexOfInvalid}, no allocation).
 *
 * <p>Between frames a decoder holds no buffer at all: the header is gathered in an int, and the
 * payload array is handed over (and forgotten) the moment it is complete. That is what lets a
 * server keep thousands of idle connections for the price of their objects.
 *
 * <p>One decoder per connection; not thread-safe. After it has thrown, the stream is out of step
 * and the decoder must not be used again.
 */
public final class FrameDecoder {

	private final int maxPayloadBytes;

	/** Header bytes gathered so far for the frame in progress, 0 to 4. */
	private int headerBytes;

	/** The header gathered so far, most significant byte first. */
	private long header;

	/** The payload in progress, null between frames and while the header is still arriving. */
	private byte[] payload;

	private int payloadLength;

	private int payloadRead;

	/** @param maxPayloadBytes the largest payload accepted, 0 to {@link FrameCodec#MAX_PAYLOAD_BYTES} */
	public FrameDecoder(int maxPayloadBytes) {
		if (maxPayloadBytes < 0 || maxPayloadBytes > FrameCodec.MAX_PAYLOAD_BYTES) {
			throw new IllegalArgumentException("maxPayloadBytes must be between 0 and " + FrameCodec.MAX_PAYLOAD_BYTES
					+ ", was " + maxPayloadBytes);
		}
		this.maxPayloadBytes = maxPayloadBytes;
	}

	/**
	 * Consume every byte {@code input} has left and add the payload of each frame they complete
	 * to {@code frames}, in order. If a frame is refused, the frames before it are already in
	 * {@code frames}, so a caller can answer them before it deals with the failure.
	 * @throws FrameTooLargeException if a header announces more than {@code maxPayloadBytes}
	 * @throws InvalidUtf8Exception if a payload is not well-formed UTF-8
	 */
	public void decode(ByteBuffer input, List<byte[]> frames) throws FrameException {
		while (input.hasRemaining()) {
			if (this.payload == null) {
				if (!readHeader(input)) {
					return;
				}
				startPayload();
			}
			readPayload(input, frames);
		}
	}

	/** @return true if a frame has begun (part of a header or payload arrived) and is not complete */
	public boolean hasPartialFrame() {
		return this.headerBytes > 0;
	}

	/**
	 * The input ended: fine between frames, a truncated frame inside one.
	 * @throws TruncatedFrameException if a frame had begun
	 */
	public void endOfStream() throws TruncatedFrameException {
		if (this.payload != null) {
			throw new TruncatedFrameException("payload", this.payloadRead, this.payloadLength);
		}
		if (this.headerBytes > 0) {
			throw new TruncatedFrameException("header", this.headerBytes, FrameCodec.HEADER_BYTES);
		}
	}

	/** @return the failure to report for a frame that has stalled for {@code frameTimeout} */
	public FrameTimeoutException stalled(Duration frameTimeout) {
		return (this.payload != null)
				? new FrameTimeoutException(frameTimeout, "payload", this.payloadRead, this.payloadLength)
				: new FrameTimeoutException(frameTimeout, "header", this.headerBytes, FrameCodec.HEADER_BYTES);
	}

	/** @return true once the header is complete; gathers it across calls without a buffer */
	private boolean readHeader(ByteBuffer input) {
		if (this.headerBytes == 0 && input.remaining() >= FrameCodec.HEADER_BYTES) {
			this.header = input.getInt() & 0xFFFFFFFFL; // the common case: a whole header at once
			this.headerBytes = FrameCodec.HEADER_BYTES;
			return true;
		}
		while (this.headerBytes < FrameCodec.HEADER_BYTES && input.hasRemaining()) {
			this.header = (this.header << 8) | (input.get() & 0xFFL);
			this.headerBytes++;
		}
		return this.headerBytes == FrameCodec.HEADER_BYTES;
	}

	private void startPayload() throws FrameTooLargeException {
		long length = this.header;
		if (length > this.maxPayloadBytes) {
			throw new FrameTooLargeException(length, this.maxPayloadBytes);
		}
		this.payloadLength = (int) length;
		this.payloadRead = 0;
		this.payload = new byte[Math.min(this.payloadLength, FrameCodec.SPECULATIVE_ALLOCATION_BYTES)];
	}

	private void readPayload(ByteBuffer input, List<byte[]> frames) throws InvalidUtf8Exception {
		int wanted = this.payloadLength - this.payloadRead;
		if (wanted > 0) {
			if (this.payloadRead == this.payload.length) {
				// Grow only once the bytes are really arriving: a lying header cannot make us allocate.
				this.payload = Arrays.copyOf(this.payload, (int) Math.min(this.payloadLength, 2L * this.payload.length));
			}
			int n = Math.min(Math.min(wanted, this.payload.length - this.payloadRead), input.remaining());
			input.get(this.payload, this.payloadRead, n);
			this.payloadRead += n;
			if (this.payloadRead < this.payloadLength) {
				return;
			}
		}
		byte[] complete = this.payload;
		this.payload = null;
		this.headerBytes = 0;
		this.header = 0;
		int invalid = Utf8.indexOfInvalid(complete, 0, complete.length);
		if (invalid >= 0) {
			throw new InvalidUtf8Exception(invalid, complete.length);
		}
		frames.add(complete);
	}

}
