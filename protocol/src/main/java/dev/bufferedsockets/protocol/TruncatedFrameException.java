package dev.bufferedsockets.protocol;

/** The stream ended inside a frame: after part of a header or part of a payload. */
public final class TruncatedFrameException extends FrameException {

	private final String part;

	private final long received;

	private final long expected;

	public TruncatedFrameException(String part, long received, long expected) {
		super("stream ended after " + received + " of " + expected + " " + part + " bytes");
		this.part = part;
		this.received = received;
		this.expected = expected;
	}

	/** @return {@code "header"} or {@code "payload"}: where the stream ended */
	public String part() {
		return this.part;
	}

	/** @return bytes of that part that arrived */
	public long received() {
		return this.received;
	}

	/** @return bytes that part should have had: the header's size, or the length it announced */
	public long expected() {
		return this.expected;
	}

	@Override
	public FailureCause cause() {
		return FailureCause.TRUNCATED_FRAME;
	}

}
