package dev.bufferedsockets.gateway;

/**
 * Why a gateway call got no reply: the {@code cause} tag of {@code buffered.client.calls.failed}, and
 * the reason a {@link ServerUnavailableException} gives.
 */
enum CallFailure {

	/** No reply within {@code buffered.client.timeout}; the connection it was sent on is closed. */
	TIMEOUT("timeout"),

	/** Every connection had {@code max-in-flight} calls waiting for the whole timeout. */
	NO_ROOM("no-room"),

	/** No connection could be opened (refused, unknown host, TLS handshake failed). */
	CONNECT_FAILED("connect-failed"),

	/** The connection closed or broke before the reply came, and again on the connection it was retried on. */
	CONNECTION_LOST("connection-lost"),

	/** The application is shutting down. */
	STOPPED("stopped");

	private final String tag;

	CallFailure(String tag) {
		this.tag = tag;
	}

	/** @return the value of the meter's {@code cause} tag */
	String tag() {
		return this.tag;
	}

}
