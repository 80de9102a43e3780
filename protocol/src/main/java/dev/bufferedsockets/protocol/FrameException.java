package dev.bufferedsockets.protocol;

import java.io.IOException;

/**
 * A peer sent bytes that are not a valid frame. The connection they came on cannot be trusted
 * any further and is closed; other connections are unaffected.
 */
public abstract sealed class FrameException extends IOException
		permits FrameTooLargeException, InvalidUtf8Exception, TruncatedFrameException, FrameTimeoutException {

	protected FrameException(String message) {
		super(message);
	}

	/** A short, stable name for the kind of failure, used as a log and metric key. */
	public abstract String cause();

}
