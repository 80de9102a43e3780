package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link TimeoutsCases} on TLS. */
@ServerTest
class TimeoutsTlsTest extends TimeoutsCases implements OnTls {

	TimeoutsTlsTest() {
		super(ServerTransport.TLS);
	}

}
