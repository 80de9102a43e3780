package dev.bufferedsockets.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerThreadAllocations;
import dev.bufferedsockets.support.ServerTransport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection that has been answered keeps no large buffer: many open connections cost little
 * heap. (Spring Integration's send path once gave each connection a write buffer the size of the
 * socket's send buffer, megabytes on Linux.) The subclasses pick the transport.
 */
abstract class ConnectionFootprintCases {

	static final int CONNECTIONS = 50;

	static final long KIB = 1024;

	final ServerTransport transport;

	@Autowired
	BufferedServer server;

	@Autowired
	private ConnectionTracker connections;

	ConnectionFootprintCases(ServerTransport transport) {
		this.transport = transport;
	}

	/** Counts from when every connection is open (on TLS, its handshake done): its first reply is what is measured. */
	@Test
	void answeringASmallFrameOnManyConnectionsAllocatesLittle() throws IOException {
		int before = this.connections.openCount();
		List<BufferedClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < CONNECTIONS; i++) {
				clients.add(this.transport.client(this.server.getPort()));
			}
			await().until(() -> this.connections.openCount() == before + CONNECTIONS);
			ServerThreadAllocations allocations = new ServerThreadAllocations();
			for (BufferedClient client : clients) {
				exchangeASmallFrame(client);
			}
			assertThat(allocations.sinceStart())
				.as("bytes the server allocated answering %d connections once", CONNECTIONS)
				.isLessThan(CONNECTIONS * 64 * KIB);
		}
		finally {
			clients.forEach(BufferedClient::shutdown);
		}
	}

	static void exchangeASmallFrame(BufferedClient client) {
		client.sendMessage("0123456789small");
		assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage("small", true));
	}

}
