package dev.bufferedsockets.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
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
 * <p>The same decoder reads blocking streams ({@link #readFrame}): there it asks the stream for at
 * most the rest of the current frame, so frames that arrive back to back are never mixed, and
 * the bytes go straight into the payload array.
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

	/**
	 * Read one frame from a blocking stream, at most {@code bufferSize} bytes per read call and never
	 * past the end of the frame.
	 * @param frameTimeout how long the frame may stall in total once it has begun (reads that throw
	 * {@link SocketTimeoutException} count towards it); null = such a timeout is thrown at once
	 * @return the payload, or {@code null} if the stream ended cleanly before a new frame began
	 * @throws SocketTimeoutException if the stream timed out before the frame's first byte
	 * @throws FrameException if the frame is refused, cut short or stalls
	 * @throws IOException if the stream fails
	 */
	public byte[] readFrame(InputStream in, int bufferSize, Duration frameTimeout) throws IOException {
		byte[] headerChunk = new byte[FrameCodec.HEADER_BYTES];
		while (this.payload == null) {
			int wanted = Math.min(FrameCodec.HEADER_BYTES - this.headerBytes, bufferSize);
			int n = (this.headerBytes == 0) ? in.read(headerChunk, 0, wanted)
					: readInFrame(in, headerChunk, 0, wanted, frameTimeout);
			if (n < 0) {
				endOfStream();
				return null;
			}
			readHeader(ByteBuffer.wrap(headerChunk, 0, n));
			if (this.headerBytes == FrameCodec.HEADER_BYTES) {
				startPayload();
			}
		}
		while (this.payloadRead < this.payloadLength) {
			growIfFull();
			int wanted = Math.min(this.payload.length - this.payloadRead, bufferSize);
			int n = readInFrame(in, this.payload, this.payloadRead, wanted, frameTimeout);
			if (n < 0) {
				endOfStream();
			}
			this.payloadRead += n;
		}
		return completePayload();
	}

	/** A read inside a frame: read timeouts count towards the frame timeout until bytes arrive. */
	private int readInFrame(InputStream in, byte[] target, int offset, int length, Duration frameTimeout)
			throws IOException {
		long stalledNanos = 0;
		while (true) {
			long start = System.nanoTime();
			try {
				return in.read(target, offset, length);
			}
			catch (SocketTimeoutException timeout) {
				if (frameTimeout == null) {
					throw timeout;
				}
				stalledNanos += System.nanoTime() - start;
				if (stalledNanos >= frameTimeout.toNanos()) {
					throw stalled(frameTimeout);
				}
			}
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
		if (this.payloadRead < this.payloadLength) {
			growIfFull();
			int n = Math.min(this.payload.length - this.payloadRead, input.remaining());
			input.get(this.payload, this.payloadRead, n);
			this.payloadRead += n;
			if (this.payloadRead < this.payloadLength) {
				return;
			}
		}
		frames.add(completePayload());
	}

	/** Grow only once the bytes are really arriving: a lying header cannot make us allocate. */
	private void growIfFull() {
		if (this.payloadRead == this.payload.length) {
			this.payload = Arrays.copyOf(this.payload, (int) Math.min(this.payloadLength, 2L * this.payload.length));
		}
	}

	/** @return the complete payload, checked; the decoder is between frames again */
	private byte[] completePayload() throws InvalidUtf8Exception {
		byte[] complete = this.payload;
		this.payload = null;
		this.headerBytes = 0;
		this.header = 0;
		int invalid = Utf8.indexOfInvalid(complete, 0, complete.length);
		if (invalid >= 0) {
			throw new InvalidUtf8Exception(invalid, complete.length);
		}
		return complete;
	}

}
