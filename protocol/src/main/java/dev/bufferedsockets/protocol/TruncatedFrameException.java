package dev.bufferedsockets.protocol;

/** The stream ended inside a frame: after part of a header or part of a payload. */
public final class TruncatedFrameException extends IncompleteFrameException {

	public TruncatedFrameException(String part, long received, long expected) {
		super("stream ended after " + received + " of " + expected + " " + part + " bytes", part, received, expected);
	}

	@Override
	public FailureCause cause() {
		return FailureCause.TRUNCATED_FRAME;
	}

}
