package dev.bufferedsockets.server;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;

/** {@link NonBlockingListenerCases} on TLS: no thread per connection, and backpressure through the TLS layer. */
@ServerTest
class NonBlockingListenerTlsTest extends NonBlockingListenerCases implements OnTls {

	NonBlockingListenerTlsTest() {
		super(ServerTransport.TLS);
	}

}
