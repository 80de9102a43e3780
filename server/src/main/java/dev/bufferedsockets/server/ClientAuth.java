package dev.bufferedsockets.server;

/** Whether a TLS server asks its clients for a certificate ({@code buffered.server.client-auth}). */
public enum ClientAuth {

	/** No client certificate is asked for. */
	NONE,

	/** A client certificate is asked for; a client without one is served all the same. */
	WANT,

	/** A client without a certificate the SSL bundle's trust store trusts fails the handshake. */
	NEED

}
