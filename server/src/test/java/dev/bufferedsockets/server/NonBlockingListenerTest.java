package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link NonBlockingListenerCases} on plain TCP. */
@ServerTest
class NonBlockingListenerTest extends NonBlockingListenerCases {

	NonBlockingListenerTest() {
		super(ServerTransport.PLAIN);
	}

}
