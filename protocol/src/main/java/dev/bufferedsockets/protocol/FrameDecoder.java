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
 * <p>Tools that watch frames go by without keeping them (a tracing proxy) {@link #scan} instead:
 * the same headers, handed to a {@link FrameListener} with the payload as it arrives, so nothing
 * is buffered, nothing is refused and a header may announce up to the format's maximum. A decoder
 * either decodes or scans, never both.
 *
 * <p>The header is {@link HeaderFormat#FOUR_BYTES} unless another format is given.
 *
 * <p>One decoder per connection; not thread-safe. After it has thrown, the stream is out of step
 * and the decoder must not be used again.
 */
public final class FrameDecoder {

	private final HeaderFormat format;

	private final int maxPayloadBytes;

	/** Header bytes gathered so far for the frame in progress, 0 to the format's size. */
	private int headerBytes;

	/** The header gathered so far, most significant byte first. */
	private long header;

	/** The payload in progress, null between frames and while the header is still arriving. */
	private byte[] payload;

	private int payloadLength;

	private int payloadRead;

	/** Scanning: payload bytes the frame being scanned announced, -1 between frames and in a header. */
	private long scanLength = -1;

	private long scanned;

	/** @param maxPayloadBytes the largest payload accepted, 0 to {@link FrameCodec#MAX_PAYLOAD_BYTES} */
	public FrameDecoder(int maxPayloadBytes) {
		this(HeaderFormat.FOUR_BYTES, maxPayloadBytes);
	}

	/**
	 * @param format the header's size
	 * @param maxPayloadBytes the largest payload accepted, 0 to {@link FrameCodec#MAX_PAYLOAD_BYTES};
	 * a 2-byte header never announces more than 65,535 whatever this says
	 */
	public FrameDecoder(HeaderFormat format, int maxPayloadBytes) {
		if (maxPayloadBytes < 0 || maxPayloadBytes > FrameCodec.MAX_PAYLOAD_BYTES) {
			throw new IllegalArgumentException("maxPayloadBytes must be between 0 and " + FrameCodec.MAX_PAYLOAD_BYTES
					+ ", was " + maxPayloadBytes);
		}
		this.format = format;
		this.maxPayloadBytes = maxPayloadBytes;
	}

	public HeaderFormat format() {
		return this.format;
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
	 * Consume every byte {@code input} has left, telling {@code listener} where each frame starts,
	 * the payload bytes as they pass and where each frame ends, without keeping any of them.
	 * @param listener sees slices of {@code input}, valid only during the call
	 */
	public void scan(ByteBuffer input, FrameListener listener) {
		while (input.hasRemaining()) {
			if (this.scanLength < 0) {
				if (!readHeader(input)) {
					return;
				}
				this.scanLength = this.header;
				this.scanned = 0;
				listener.frameStarted(this.scanLength);
			}
			int n = (int) Math.min(this.scanLength - this.scanned, input.remaining());
			if (n > 0) {
				ByteBuffer chunk = input.slice(input.position(), n);
				input.position(input.position() + n);
				this.scanned += n;
				listener.payload(chunk);
			}
			if (this.scanned == this.scanLength) {
				this.scanLength = -1;
				this.headerBytes = 0;
				this.header = 0;
				listener.frameEnded();
			}
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
		int size = this.format.bytes();
		byte[] headerChunk = new byte[size];
		while (this.payload == null) {
			int wanted = Math.min(size - this.headerBytes, bufferSize);
			int n = (this.headerBytes == 0) ? in.read(headerChunk, 0, wanted)
					: readInFrame(in, headerChunk, 0, wanted, frameTimeout);
			if (n < 0) {
				endOfStream();
				return null;
			}
			readHeader(ByteBuffer.wrap(headerChunk, 0, n));
			if (this.headerBytes == size) {
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
		if (this.scanLength >= 0) {
			throw new TruncatedFrameException("payload", this.scanned, this.scanLength);
		}
		if (this.headerBytes > 0) {
			throw new TruncatedFrameException("header", this.headerBytes, this.format.bytes());
		}
	}

	/** @return the failure to report for a frame that has stalled for {@code frameTimeout} */
	public FrameTimeoutException stalled(Duration frameTimeout) {
		return (this.payload != null)
				? new FrameTimeoutException(frameTimeout, "payload", this.payloadRead, this.payloadLength)
				: new FrameTimeoutException(frameTimeout, "header", this.headerBytes, this.format.bytes());
	}

	/** @return true once the header is complete; gathers it across calls without a buffer */
	private boolean readHeader(ByteBuffer input) {
		int size = this.format.bytes();
		if (this.headerBytes == 0 && size == Integer.BYTES && input.remaining() >= Integer.BYTES) {
			this.header = input.getInt() & 0xFFFFFFFFL; // the common case: a whole header at once
			this.headerBytes = Integer.BYTES;
			return true;
		}
		while (this.headerBytes < size && input.hasRemaining()) {
			this.header = (this.header << 8) | (input.get() & 0xFFL);
			this.headerBytes++;
		}
		return this.headerBytes == size;
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
