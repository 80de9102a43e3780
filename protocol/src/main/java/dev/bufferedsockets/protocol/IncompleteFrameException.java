package dev.bufferedsockets.protocol;

/**
 * A frame began and did not end as its header said: where it stopped and how far it had got, so
 * a tool can tell a peer "header announced N bytes, M arrived".
 */
public abstract sealed class IncompleteFrameException extends FrameException
		permits TruncatedFrameException, FrameTimeoutException {

	private final String part;

	private final long received;

	private final long expected;

	protected IncompleteFrameException(String message, String part, long received, long expected) {
		super(message);
		this.part = part;
		this.received = received;
		this.expected = expected;
	}

	/** @return {@code "header"} or {@code "payload"}: where the frame stopped */
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

}
