package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link SeedAssignmentCases} on plain TCP. */
@ServerTest
class SeedAssignmentCasesTest extends SeedAssignmentCases {

	SeedAssignmentCasesTest() {
		super(ServerTransport.PLAIN);
	}

}
