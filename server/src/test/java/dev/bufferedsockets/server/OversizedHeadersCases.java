package dev.bufferedsockets.server;

import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerThreadAllocations;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.testing.RawConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Headers that announce huge payloads, from many connections at once, cost the server almost
 * nothing: above the limit they are refused before any buffer exists, and under it the buffer
 * grows only as bytes really arrive. The subclasses pick the transport.
 */
abstract class OversizedHeadersCases {

	private static final int CONNECTIONS_OF_EACH_KIND = 60;

	private static final long MIB = 1024 * 1024;

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	@Autowired
	private ConnectionTracker connections;

	OversizedHeadersCases(ServerTransport transport) {
		this.transport = transport;
	}

	@Test
	void manyConnectionsAnnouncingGigabytesMakeTheServerAllocateAlmostNothing() throws Exception {
		int openBefore = this.connections.openCount();
		ServerThreadAllocations allocations = new ServerThreadAllocations();
		List<RawConnection> hostile = new ArrayList<>();
		try {
			for (int i = 0; i < CONNECTIONS_OF_EACH_KIND; i++) {
				hostile.add(this.transport.raw(this.server.getPort()).writeHeader(0xFFFFFFFFL)); // 4 GiB: refused
				hostile.add(this.transport.raw(this.server.getPort()).writeHeader(16 * MIB).write(new byte[] { 'x' }));
			}
			try (BufferedClient bystander = this.transport.client(this.server.getPort())) {
				bystander.sendMessage("0123456789unaffected");
				assertThat(bystander.receiveMessage()).isEqualTo(new ReceivedMessage("unaffected", true));
			}
		}
		finally {
			for (RawConnection connection : hostile) {
				connection.close();
			}
		}
		// Once every hostile connection is gone, the server threads' allocation counts are final.
		await().until(() -> this.connections.openCount() == openBefore);
		long allocated = allocations.sinceStart();
		long announced = CONNECTIONS_OF_EACH_KIND * (0xFFFFFFFFL + 16 * MIB);
		assertThat(allocated).as("bytes the server allocated for headers announcing %d bytes", announced)
			.isLessThan(CONNECTIONS_OF_EACH_KIND * 2 * MIB);
	}

}
