package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link AllowListAndIpv6Cases} on TLS: the certificate names ::1, and an outsider's handshake fails. */
@ServerTest
class AllowListAndIpv6TlsTest extends AllowListAndIpv6Cases implements OnTls {

	AllowListAndIpv6TlsTest() {
		super(ServerTransport.TLS);
	}

}
