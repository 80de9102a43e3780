package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link HostileInputCases} on plain TCP. */
@ServerTest
class HostileInputTest extends HostileInputCases {

	HostileInputTest() {
		super(ServerTransport.PLAIN);
	}

}
