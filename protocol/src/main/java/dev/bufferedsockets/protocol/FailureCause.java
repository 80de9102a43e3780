package dev.bufferedsockets.protocol;

/**
 * Why a connection of this protocol ended badly, or was refused: the one list of keys that logs,
 * metrics and the actuator use. The first four are the frame format's own failures
 * ({@link FrameException#cause()}); the rest belong to the transport and the server's admission.
 */
public enum FailureCause {

	/** A header announced more payload bytes than the reader accepts. */
	FRAME_TOO_LARGE("frame-too-large"),

	/** A payload is not well-formed UTF-8. */
	INVALID_UTF8("invalid-utf8"),

	/** The stream ended inside a frame. */
	TRUNCATED_FRAME("truncated-frame"),

	/** A frame had begun and then nothing arrived for the frame timeout. */
	FRAME_TIMEOUT("frame-timeout"),

	/** Nothing arrived between frames for the idle timeout. */
	IDLE_TIMEOUT("idle-timeout"),

	/** A read or write timed out otherwise (a peer that takes none of its replies). */
	TIMEOUT("timeout"),

	/** The TLS handshake or a TLS record failed. */
	TLS("tls"),

	/** The peer reset the connection. */
	RESET("reset"),

	/** Any other I/O failure. */
	IO("io"),

	/** A failure inside the server itself. */
	INTERNAL("internal"),

	/** The peer's address is outside the allow-list. */
	NOT_ALLOWED("not-allowed"),

	/** The connection limit was reached. */
	TOO_MANY_CONNECTIONS("too-many-connections"),

	/** The server could not accept the connection (out of file descriptors) and closed it at once. */
	ACCEPT_FAILED("accept-failed");

	private final String key;

	FailureCause(String key) {
		this.key = key;
	}

	/** @return the short, stable name used as a log and metric key, such as {@code frame-too-large} */
	public String key() {
		return this.key;
	}

	@Override
	public String toString() {
		return this.key;
	}

}
