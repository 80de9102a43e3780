package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link TwoByteHeaderCases} on TLS. */
@ServerTest
class TwoByteHeaderTlsTest extends TwoByteHeaderCases implements OnTls {

	TwoByteHeaderTlsTest() {
		super(ServerTransport.TLS);
	}

}
