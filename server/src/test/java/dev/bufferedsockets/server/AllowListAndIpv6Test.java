package dev.bufferedsockets.server;

import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link AllowListAndIpv6Cases} on plain TCP. */
@ServerTest
class AllowListAndIpv6Test extends AllowListAndIpv6Cases {

	AllowListAndIpv6Test() {
		super(ServerTransport.PLAIN);
	}

}
