package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link GracefulDrainCases} on plain TCP. */
@ServerTest
class GracefulDrainTest extends GracefulDrainCases {

	GracefulDrainTest() {
		super(ServerTransport.PLAIN);
	}

}
