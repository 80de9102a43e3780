package dev.bufferedsockets.protocol;

import java.time.Duration;

/** A peer started a frame and then sent nothing for longer than the frame timeout. */
public final class FrameTimeoutException extends IncompleteFrameException {

	public FrameTimeoutException(Duration frameTimeout, String part, long received, long expected) {
		super("no bytes for " + frameTimeout.toMillis() + " ms in the middle of a frame (" + received + " of "
				+ expected + " " + part + " bytes received)", part, received, expected);
	}

	@Override
	public FailureCause cause() {
		return FailureCause.FRAME_TIMEOUT;
	}

}
