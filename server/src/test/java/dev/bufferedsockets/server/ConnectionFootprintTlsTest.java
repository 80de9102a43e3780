package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link ConnectionFootprintCases} on TLS. */
@ServerTest
class ConnectionFootprintTlsTest extends ConnectionFootprintCases implements OnTls {

	ConnectionFootprintTlsTest() {
		super(ServerTransport.TLS);
	}

}
