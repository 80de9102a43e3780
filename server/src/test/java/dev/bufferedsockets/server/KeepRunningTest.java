package dev.bufferedsockets.server;

import java.io.IOException;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** keepRunning as a lifecycle: off and on again, as often and as fast as an operator likes. */
@ServerTest
class KeepRunningTest {

	@Autowired
	private BufferedServer server;

	@Test
	void listenerServesAfterEveryRapidOffOnToggle() throws IOException {
		int port = this.server.getPort();
		for (int round = 0; round < 50; round++) {
			this.server.setKeepRunning(false);
			this.server.setKeepRunning(true);
			assertThat(this.server.getPort()).isEqualTo(port);
			try (BufferedClient client = new BufferedClient("127.0.0.1", port, 1024)) {
				client.sendMessage("0123456789round " + round);
				assertThat(client.receiveMessage()).as("round %d", round)
					.isEqualTo(new ReceivedMessage("round " + round, true));
			}
		}
	}

	@Test
	void settingTheSameStateTwiceIsHarmless() throws IOException {
		this.server.setKeepRunning(true);
		this.server.setKeepRunning(true);
		assertThat(this.server.isListening()).isTrue();
		this.server.setKeepRunning(false);
		this.server.setKeepRunning(false);
		assertThat(this.server.isListening()).isFalse();
		assertThat(this.server.isKeepRunning()).isFalse();
	}

	@Test
	void startReturnsAtOnceWhenKeepRunningIsAlreadyFalse() throws InterruptedException {
		this.server.setKeepRunning(false);
		this.server.start(); // would block forever if it ignored the flag
		assertThat(this.server.isListening()).isFalse();
	}

}
