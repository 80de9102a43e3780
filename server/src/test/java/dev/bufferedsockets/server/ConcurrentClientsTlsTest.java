package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link ConcurrentClientsCases} on TLS. */
@ServerTest
class ConcurrentClientsTlsTest extends ConcurrentClientsCases implements OnTls {

	ConcurrentClientsTlsTest() {
		super(ServerTransport.TLS);
	}

}
