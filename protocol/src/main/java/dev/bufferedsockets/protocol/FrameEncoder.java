package dev.bufferedsockets.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Encodes frames ({@link FrameCodec} draws the format): the only code that writes a header.
 * Blocking streams, non-blocking buffers and the benchmark's pre-encoded requests all go through it.
 */
public final class FrameEncoder {

	/** Payloads up to this size are written with their header in a single write. */
	private static final int COALESCE_LIMIT_BYTES = 64 * 1024;

	private FrameEncoder() {
	}

	/** @return the bytes a frame with a payload of {@code payloadLength} bytes takes on the wire */
	public static int frameBytes(int payloadLength) {
		return FrameCodec.HEADER_BYTES + payloadLength;
	}

	/** @return the encoded frame for {@code payload}: its header followed by its bytes */
	public static byte[] encode(byte[] payload) {
		byte[] frame = new byte[frameBytes(payload.length)];
		ByteBuffer.wrap(frame).putInt(payload.length).put(payload);
		return frame;
	}

	/**
	 * Put the frame for {@code payload} into {@code target} at its position.
	 * @throws java.nio.BufferOverflowException if it has less room than {@link #frameBytes}
	 */
	public static void encode(byte[] payload, ByteBuffer target) {
		target.putInt(payload.length).put(payload);
	}

	/** @return a buffer holding just the header for a payload of {@code payloadLength} bytes, ready to write */
	public static ByteBuffer header(int payloadLength) {
		return ByteBuffer.allocate(FrameCodec.HEADER_BYTES).putInt(0, payloadLength);
	}

	/** Write one frame and flush: header and payload in one write when the payload is small. */
	public static void write(OutputStream out, byte[] payload) throws IOException {
		if (payload.length <= COALESCE_LIMIT_BYTES) {
			out.write(encode(payload));
		}
		else {
			out.write(header(payload.length).array());
			out.write(payload);
		}
		out.flush();
	}

}
