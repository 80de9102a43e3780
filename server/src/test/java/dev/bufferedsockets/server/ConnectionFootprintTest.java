package dev.bufferedsockets.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerThreadAllocations;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection that has been answered keeps no large buffer: many open connections cost little
 * heap. (Spring Integration's send path once gave each connection a write buffer the size of the
 * socket's send buffer, megabytes on Linux.)
 */
@ServerTest
class ConnectionFootprintTest {

	private static final int CONNECTIONS = 50;

	private static final long KIB = 1024;

	@Autowired
	private BufferedServer server;

	@Test
	void answeringASmallFrameOnManyConnectionsAllocatesLittle() throws IOException {
		List<BufferedClient> clients = new ArrayList<>();
		ServerThreadAllocations allocations = new ServerThreadAllocations();
		try {
			for (int i = 0; i < CONNECTIONS; i++) {
				BufferedClient client = new BufferedClient("127.0.0.1", this.server.getPort(), 1024);
				clients.add(client);
				client.sendMessage("0123456789small");
				assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage("small", true));
			}
			assertThat(allocations.sinceStart()).as("bytes the server allocated for %d small exchanges", CONNECTIONS)
				.isLessThan(CONNECTIONS * 64 * KIB);
		}
		finally {
			clients.forEach(BufferedClient::shutdown);
		}
	}

}
