package dev.bufferedsockets.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Encodes frames ({@link FrameCodec} draws the format) with the header of one {@link HeaderFormat}:
 * the only code that writes a header. Blocking streams, non-blocking buffers and the benchmark's
 * pre-encoded requests all go through it.
 *
 * <p>A payload too long for the header (more than 65,535 bytes with {@link HeaderFormat#TWO_BYTES})
 * is refused with {@link IllegalArgumentException} before anything is written. Instances are
 * immutable and shared.
 */
public final class FrameEncoder {

	/** The assignment's encoder: a 4-byte header. */
	public static final FrameEncoder DEFAULT = new FrameEncoder(HeaderFormat.FOUR_BYTES);

	private static final FrameEncoder TWO_BYTES = new FrameEncoder(HeaderFormat.TWO_BYTES);

	/** Payloads up to this size are written with their header in a single write. */
	private static final int COALESCE_LIMIT_BYTES = 64 * 1024;

	private final HeaderFormat format;

	private FrameEncoder(HeaderFormat format) {
		this.format = format;
	}

	/** @return the encoder that writes headers of {@code format} */
	public static FrameEncoder of(HeaderFormat format) {
		return (format == HeaderFormat.TWO_BYTES) ? TWO_BYTES : DEFAULT;
	}

	public HeaderFormat format() {
		return this.format;
	}

	/** @return the bytes a frame with a payload of {@code payloadLength} bytes takes on the wire */
	public int frameBytes(int payloadLength) {
		return this.format.bytes() + payloadLength;
	}

	/**
	 * @return the encoded frame for {@code payload}: its header followed by its bytes
	 * @throws IllegalArgumentException if the payload is too long for the header
	 */
	public byte[] encode(byte[] payload) {
		byte[] frame = new byte[frameBytes(payload.length)];
		encode(payload, ByteBuffer.wrap(frame));
		return frame;
	}

	/**
	 * Put the frame for {@code payload} into {@code target} at its position.
	 * @throws java.nio.BufferOverflowException if it has less room than {@link #frameBytes}
	 * @throws IllegalArgumentException if the payload is too long for the header
	 */
	public void encode(byte[] payload, ByteBuffer target) {
		putHeader(payload.length, target);
		target.put(payload);
	}

	/**
	 * @return a buffer holding just the header for a payload of {@code payloadLength} bytes, ready to write
	 * @throws IllegalArgumentException if the length is too long for the header
	 */
	public ByteBuffer header(int payloadLength) {
		ByteBuffer header = ByteBuffer.allocate(this.format.bytes());
		putHeader(payloadLength, header);
		return header.flip();
	}

	/**
	 * Write one frame and flush: header and payload in one write when the payload is small.
	 * @throws IllegalArgumentException if the payload is too long for the header; nothing is written then
	 */
	public void write(OutputStream out, byte[] payload) throws IOException {
		if (payload.length <= COALESCE_LIMIT_BYTES) {
			out.write(encode(payload));
		}
		else {
			out.write(header(payload.length).array());
			out.write(payload);
		}
		out.flush();
	}

	private void putHeader(int payloadLength, ByteBuffer target) {
		if (!this.format.fits(payloadLength)) {
			throw new IllegalArgumentException("a payload of " + payloadLength + " bytes does not fit a " + this.format
					+ " (at most " + this.format.maxLength() + " bytes)");
		}
		if (this.format == HeaderFormat.TWO_BYTES) {
			target.putShort((short) payloadLength);
		}
		else {
			target.putInt(payloadLength);
		}
	}

}
