package dev.bufferedsockets.protocol;

import java.time.Duration;

/** A peer started a frame and then sent nothing for longer than the frame timeout. */
public final class FrameTimeoutException extends FrameException {

	private final String part;

	private final long received;

	private final long expected;

	public FrameTimeoutException(Duration frameTimeout, String part, long received, long expected) {
		super("no bytes for " + frameTimeout.toMillis() + " ms in the middle of a frame (" + received + " of "
				+ expected + " " + part + " bytes received)");
		this.part = part;
		this.received = received;
		this.expected = expected;
	}

	/** @return {@code "header"} or {@code "payload"}: where the frame stalled */
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
		return FailureCause.FRAME_TIMEOUT;
	}

}
