package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link OversizedHeadersCases} on TLS. */
@ServerTest
class OversizedHeadersTlsTest extends OversizedHeadersCases implements OnTls {

	OversizedHeadersTlsTest() {
		super(ServerTransport.TLS);
	}

}
