package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link GracefulDrainCases} on TLS. */
@ServerTest
class GracefulDrainTlsTest extends GracefulDrainCases implements OnTls {

	GracefulDrainTlsTest() {
		super(ServerTransport.TLS);
	}

}
