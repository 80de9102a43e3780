package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link OversizedHeadersCases} on plain TCP. */
@ServerTest
class OversizedHeadersTest extends OversizedHeadersCases {

	OversizedHeadersTest() {
		super(ServerTransport.PLAIN);
	}

}
