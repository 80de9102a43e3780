package dev.bufferedsockets.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections beyond {@code max-connections} are closed as they arrive; the others carry on. The
 * subclasses pick the transport.
 */
@TestPropertySource(properties = "buffered.server.max-connections=3")
@ExtendWith(OutputCaptureExtension.class)
abstract class ConnectionLimitCases {

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	@Autowired
	private ConnectionErrors errors;

	@Autowired
	private ConnectionTracker connections;

	private final List<BufferedClient> clients = new ArrayList<>();

	ConnectionLimitCases(ServerTransport transport) {
		this.transport = transport;
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(BufferedClient::shutdown);
		await().until(() -> this.connections.openCount() == 0);
	}

	@Test
	void aConnectionBeyondTheLimitIsClosedAtOnceAndTheOthersAreStillServed(CapturedOutput output)
			throws IOException {
		for (int i = 0; i < 3; i++) {
			exchange(connect(), "0123456789client " + i);
		}
		long before = count();
		assertThat(this.transport.turnsAway(this.transport.host(), this.server.getPort(), "0123456789fourth"))
			.as("the fourth connection is closed")
			.isTrue();
		await().until(() -> count() == before + 1);
		assertThat(output.getOut()).contains("Refused connection from 127.0.0.1", "max-connections (3)");
		for (BufferedClient client : this.clients) {
			exchange(client, "0123456789still here");
		}
	}

	@Test
	void aPlaceFreedByAClosedConnectionIsGivenToTheNextClient() throws IOException {
		for (int i = 0; i < 3; i++) {
			exchange(connect(), "0123456789client " + i);
		}
		this.clients.remove(0).shutdown();
		await().until(() -> this.connections.openCount() == 2);
		exchange(connect(), "0123456789newcomer");
	}

	private BufferedClient connect() throws IOException {
		BufferedClient client = this.transport.client(this.server.getPort());
		this.clients.add(client);
		return client;
	}

	private static void exchange(BufferedClient client, String message) {
		client.sendMessage(message);
		assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(message.substring(10), true));
	}

	private long count() {
		return this.errors.counts().getOrDefault("too-many-connections", 0L);
	}

}
