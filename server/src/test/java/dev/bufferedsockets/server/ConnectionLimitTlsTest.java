package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link ConnectionLimitCases} on TLS: a refused client's handshake fails. */
@ServerTest
class ConnectionLimitTlsTest extends ConnectionLimitCases implements OnTls {

	ConnectionLimitTlsTest() {
		super(ServerTransport.TLS);
	}

}
