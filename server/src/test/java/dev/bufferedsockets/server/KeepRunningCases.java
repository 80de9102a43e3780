package dev.bufferedsockets.server;

import java.io.IOException;
import java.util.List;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * keepRunning as a lifecycle: off and on again, as often and as fast as an operator likes. The
 * subclasses pick the transport.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class KeepRunningCases {

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	KeepRunningCases(ServerTransport transport) {
		this.transport = transport;
	}

	@Test
	void listenerServesAfterEveryRapidOffOnToggle() throws IOException {
		int port = this.server.getPort();
		for (int round = 0; round < 50; round++) {
			this.server.setKeepRunning(false);
			this.server.setKeepRunning(true);
			assertThat(this.server.getPort()).isEqualTo(port);
			try (BufferedClient client = this.transport.client(port)) {
				client.sendMessage("0123456789round " + round);
				assertThat(client.receiveMessage()).as("round %d", round)
					.isEqualTo(new ReceivedMessage("round " + round, true));
			}
		}
	}

	@Test
	void aToggleLogsOurOneLineEachWayAndNoFrameworkLifecycleLines(CapturedOutput output) {
		int before = output.getOut().length();
		this.server.setKeepRunning(false);
		this.server.setKeepRunning(true);
		List<String> lines = output.getOut().substring(before).lines().filter(line -> line.contains(" INFO ")).toList();
		assertThat(lines).as("INFO lines of one off/on toggle").hasSize(2);
		assertThat(lines.get(0)).contains("Stopped listening on 127.0.0.1:" + this.server.getPort());
		assertThat(lines.get(1)).contains("Listening for TCP frames on 127.0.0.1:" + this.server.getPort());
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
