package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link TimeoutsCases} on plain TCP. */
@ServerTest
class TimeoutsTest extends TimeoutsCases {

	TimeoutsTest() {
		super(ServerTransport.PLAIN);
	}

}
