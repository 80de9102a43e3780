package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link KeepRunningCases} on plain TCP. */
@ServerTest
class KeepRunningTest extends KeepRunningCases {

	KeepRunningTest() {
		super(ServerTransport.PLAIN);
	}

}
