package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link KeepRunningCases} on TLS. */
@ServerTest
class KeepRunningTlsTest extends KeepRunningCases implements OnTls {

	KeepRunningTlsTest() {
		super(ServerTransport.TLS);
	}

}
