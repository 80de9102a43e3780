package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link TwoByteHeaderCases} on plain TCP. */
@ServerTest
class TwoByteHeaderTest extends TwoByteHeaderCases {

	TwoByteHeaderTest() {
		super(ServerTransport.PLAIN);
	}

}
