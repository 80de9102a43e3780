package dev.bufferedsockets.protocol;

import java.nio.ByteBuffer;

/**
 * What {@link FrameDecoder#scan} tells a tool that watches frames go by without keeping them:
 * each frame's announced length, its payload bytes in the pieces they arrived in, and its end.
 */
public interface FrameListener {

	/** A header is complete: the frame announces {@code payloadLength} bytes (unsigned, up to the format's maximum). */
	void frameStarted(long payloadLength);

	/** The next payload bytes of the current frame: a view valid only during the call. */
	void payload(ByteBuffer chunk);

	/** The current frame's last payload byte has passed (at once after its header for an empty frame). */
	void frameEnded();

}
