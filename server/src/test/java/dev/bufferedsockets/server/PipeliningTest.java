package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link PipeliningCases} on plain TCP. */
@ServerTest
class PipeliningTest extends PipeliningCases {

	PipeliningTest() {
		super(ServerTransport.PLAIN);
	}

}
