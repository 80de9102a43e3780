package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link ConnectionLimitCases} on plain TCP. */
@ServerTest
class ConnectionLimitTest extends ConnectionLimitCases {

	ConnectionLimitTest() {
		super(ServerTransport.PLAIN);
	}

}
