package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link PipeliningCases} on TLS. */
@ServerTest
class PipeliningTlsTest extends PipeliningCases implements OnTls {

	PipeliningTlsTest() {
		super(ServerTransport.TLS);
	}

}
