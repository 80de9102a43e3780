package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTransport;

/** {@link BufferedServerShutdownCases} on plain TCP. */
class BufferedServerShutdownTest extends BufferedServerShutdownCases {

	BufferedServerShutdownTest() {
		super(ServerTransport.PLAIN);
	}

}
