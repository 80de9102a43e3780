package dev.bufferedsockets.protocol;

/** A frame header announced more payload bytes than the reader accepts. */
public final class FrameTooLargeException extends FrameException {

	private final long announcedBytes;

	private final int maxBytes;

	public FrameTooLargeException(long announcedBytes, int maxBytes) {
		super("frame header announces " + announcedBytes + " payload bytes, the limit is " + maxBytes);
		this.announcedBytes = announcedBytes;
		this.maxBytes = maxBytes;
	}

	public long announcedBytes() {
		return this.announcedBytes;
	}

	public int maxBytes() {
		return this.maxBytes;
	}

	@Override
	public FailureCause cause() {
		return FailureCause.FRAME_TOO_LARGE;
	}

}
