package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTransport;

/** {@link BufferedServerShutdownCases} on TLS. */
class BufferedServerShutdownTlsTest extends BufferedServerShutdownCases {

	BufferedServerShutdownTlsTest() {
		super(ServerTransport.TLS);
	}

}
