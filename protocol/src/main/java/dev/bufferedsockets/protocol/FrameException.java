package dev.bufferedsockets.protocol;

import java.io.IOException;

/**
 * A peer sent bytes that are not a valid frame. The connection they came on cannot be trusted
 * any further and is closed; other connections are unaffected.
 */
public abstract sealed class FrameException extends IOException
		permits FrameTooLargeException, InvalidUtf8Exception, IncompleteFrameException {

	protected FrameException(String message) {
		super(message);
	}

	/** @return the kind of failure, whose {@link FailureCause#key()} is the log and metric key */
	public abstract FailureCause cause();

}
