package dev.bufferedsockets.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerThreadAllocations;
import dev.bufferedsockets.support.ServerTransport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConnectionFootprintCases} on plain TCP, where accepting a connection is cheap enough to
 * count with its first reply. (On TLS the handshake alone allocates more, by design: it is not a
 * buffer the connection keeps.)
 */
@ServerTest
class ConnectionFootprintTest extends ConnectionFootprintCases {

	ConnectionFootprintTest() {
		super(ServerTransport.PLAIN);
	}

	@Test
	void acceptingAndAnsweringManyConnectionsAllocatesLittle() throws IOException {
		List<BufferedClient> clients = new ArrayList<>();
		ServerThreadAllocations allocations = new ServerThreadAllocations();
		try {
			for (int i = 0; i < CONNECTIONS; i++) {
				BufferedClient client = this.transport.client(this.server.getPort());
				clients.add(client);
				exchangeASmallFrame(client);
			}
			assertThat(allocations.sinceStart()).as("bytes the server allocated for %d small exchanges", CONNECTIONS)
				.isLessThan(CONNECTIONS * 64 * KIB);
		}
		finally {
			clients.forEach(BufferedClient::shutdown);
		}
	}

}
