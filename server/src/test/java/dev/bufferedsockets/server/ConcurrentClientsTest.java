package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link ConcurrentClientsCases} on plain TCP. */
@ServerTest
class ConcurrentClientsTest extends ConcurrentClientsCases {

	ConcurrentClientsTest() {
		super(ServerTransport.PLAIN);
	}

}
