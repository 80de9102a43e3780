package dev.bufferedsockets.protocol;

/** A frame's payload is not well-formed UTF-8. */
public final class InvalidUtf8Exception extends FrameException {

	private final int offset;

	public InvalidUtf8Exception(int offset, int payloadBytes) {
		super("payload of " + payloadBytes + " bytes is not valid UTF-8: ill-formed sequence at byte " + offset);
		this.offset = offset;
	}

	/** Offset within the payload of the first byte of the first ill-formed sequence. */
	public int offset() {
		return this.offset;
	}

	@Override
	public FailureCause cause() {
		return FailureCause.INVALID_UTF8;
	}

}
