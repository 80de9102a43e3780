package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link SeedAssignmentCases} on TLS. */
@ServerTest
class SeedAssignmentCasesTlsTest extends SeedAssignmentCases implements OnTls {

	SeedAssignmentCasesTlsTest() {
		super(ServerTransport.TLS);
	}

}
