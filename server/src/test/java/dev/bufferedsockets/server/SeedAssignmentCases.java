package dev.bufferedsockets.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The original assignment's grader cases (section 3), with its sizes, through {@link BufferedClient}
 * against the running server. The subclasses pick the transport.
 */
abstract class SeedAssignmentCases {

	private static final int BUFFER_SIZE = 1024;

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	private final List<BufferedClient> clients = new ArrayList<>();

	SeedAssignmentCases(ServerTransport transport) {
		this.transport = transport;
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(BufferedClient::shutdown);
	}

	@Test
	void theAssignmentsOwnExampleLosesItsFirstTenCharacters() throws IOException {
		BufferedClient client = connect();
		client.sendMessage("Four score and seven years ago");
		assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(" and seven years ago", true));
	}

	@Test
	void shortMessageShorterThanTheBufferComesBackTruncated() throws IOException {
		assertRoundTrip(Texts.ascii(32, 1));
	}

	@Test
	void mediumMessageSlightlyLongerThanTheBufferComesBackTruncated() throws IOException {
		assertRoundTrip(Texts.ascii(1245, 2));
	}

	@Test
	void longMessageManyTimesTheBufferComesBackTruncated() throws IOException {
		assertRoundTrip(Texts.ascii(650_000, 3));
	}

	@Test
	void multiByteTextIsCutOnCharactersNotBytes() throws IOException {
		assertRoundTrip(Texts.mixed(5_000, 4));
	}

	@Test
	void threeMessagesInSeriesEachGetTheirOwnReply() throws IOException {
		BufferedClient client = connect();
		for (int i = 0; i < 3; i++) {
			String message = Texts.ascii(1500, 10 + i);
			client.sendMessage(message);
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(message.substring(10), true));
		}
	}

	@Test
	void threeMessagesInParallelGetDistinctRepliesInOrder() throws IOException {
		BufferedClient client = connect();
		List<String> messages = List.of(Texts.ascii(1500, 20), Texts.ascii(1500, 21), Texts.ascii(1500, 22));
		messages.forEach(client::sendMessage);
		for (String message : messages) {
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(message.substring(10), true));
		}
	}

	@Test
	void clientSeesFailureWhenTheServerShutsDownWhileItKeepsSending() throws Exception {
		BufferedClient client = connect();
		String message = Texts.ascii(32, 30);
		client.sendMessage(message);
		assertThat(client.receiveMessage().ok()).isTrue();

		// The grader flips keep_running from its own thread while the server runs on another.
		CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> this.server.setKeepRunning(false));
		await().until(() -> !this.server.isListening());
		for (int i = 0; i < 5; i++) {
			client.sendMessage(message);
		}
		assertThat(client.receiveMessage()).as("receive after the server shut down")
			.isEqualTo(new ReceivedMessage("", false));
		stopping.get(30, TimeUnit.SECONDS);
	}

	@Test
	void newClientIsServedAfterTheFirstDisconnects() throws IOException {
		BufferedClient first = connect();
		first.sendMessage(Texts.ascii(32, 40));
		assertThat(first.receiveMessage().ok()).isTrue();
		first.shutdown();

		BufferedClient second = connect();
		String message = Texts.ascii(32, 41);
		second.sendMessage(message);
		assertThat(second.receiveMessage()).isEqualTo(new ReceivedMessage(message.substring(10), true));
	}

	@Test
	void serverServesAgainOnTheSamePortAfterKeepRunningTurnsBackOn() throws IOException {
		int port = this.server.getPort();
		this.server.setKeepRunning(false);
		assertThat(this.server.isListening()).isFalse();

		this.server.setKeepRunning(true);
		assertThat(this.server.getPort()).isEqualTo(port);
		assertRoundTrip(Texts.ascii(32, 50));
	}

	@Test
	void startBlocksUntilKeepRunningIsSetFalse() throws Exception {
		Thread starter = new Thread(() -> {
			try {
				this.server.start();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "seed-start");
		starter.start();
		try {
			// WAITING = parked in start(), i.e. it did not return while keepRunning is true
			await().until(() -> starter.getState() == Thread.State.WAITING);
			assertRoundTrip(Texts.ascii(32, 60));
			assertThat(starter.isAlive()).as("start() returned while keepRunning is true").isTrue();

			this.server.setKeepRunning(false);
			await().until(() -> !starter.isAlive());
		}
		finally {
			starter.interrupt();
			starter.join();
		}
	}

	@Test
	void sendingAfterShutdownFails() throws IOException {
		BufferedClient client = connect();
		client.shutdown();
		assertThatThrownBy(() -> client.sendMessage("anything")).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(client::receiveMessage).isInstanceOf(IllegalStateException.class);
	}

	private void assertRoundTrip(String message) throws IOException {
		BufferedClient client = connect();
		client.sendMessage(message);
		assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(Texts.dropCodePoints(message, 10), true));
	}

	private BufferedClient connect() throws IOException {
		BufferedClient client = this.transport.client(this.transport.host(), this.server.getPort(), BUFFER_SIZE);
		this.clients.add(client);
		return client;
	}

}
