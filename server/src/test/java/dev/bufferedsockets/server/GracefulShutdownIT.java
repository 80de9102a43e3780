package dev.bufferedsockets.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.test.FreePorts;
import dev.bufferedsockets.test.ServerProcess;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.PackagedJar;
import dev.bufferedsockets.support.Replies;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real SIGTERM to the packaged jar: the server answers every frame it had received before the
 * signal, to a client that only starts reading afterwards, and ends the stream cleanly; on plain TCP
 * and on TLS.
 */
class GracefulShutdownIT {

	private static final String PASSWORD = "shutdown-test";

	private static final int FRAMES = 48;

	@TempDir
	Path work;

	private ServerProcess server;

	private final ExecutorService writer = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopEverything() throws InterruptedException {
		this.writer.shutdownNow();
		this.writer.awaitTermination(30, TimeUnit.SECONDS);
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(ServerTransport.class)
	void sigtermAnswersEveryFrameAlreadyReceivedThenClosesCleanly(ServerTransport transport) throws Exception {
		int httpPort = FreePorts.freePort();
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + httpPort,
				"--spring.security.user.name=operator", "--spring.security.user.password=" + PASSWORD));
		arguments.addAll(List.of(transport.arguments()));
		this.server = PackagedJar.startServer(this.work, arguments.toArray(String[]::new));
		int tcpPort = this.server.port();
		Actuator actuator = new Actuator(httpPort);
		await().atMost(PackagedJar.PROCESS_LIMIT).ignoreExceptions()
			.until(() -> actuator.get("/actuator/health", null, null).statusCode() == 200);

		List<String> messages = new ArrayList<>();
		for (int i = 0; i < FRAMES; i++) {
			messages.add(String.format("%010d", i) + Texts.ascii(64 * 1024, i));
		}
		// A small receive buffer: unread replies back up into the server.
		try (ServerTransport.Connection connection = transport.connect(transport.host(), tcpPort, 4096)) {
			Socket socket = connection.socket();
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			this.writer.submit(() -> {
				for (String message : messages) {
					out.write(FrameEncoder.DEFAULT.encode(message.getBytes(StandardCharsets.UTF_8)));
				}
				return null;
			});
			await().until(() -> receivedSoFar(actuator) >= 2); // stuck writing replies nobody reads
			long countedBeforeSignal = receivedSoFar(actuator);

			this.server.process().destroy(); // SIGTERM: Boot's shutdown hook closes the application
			List<String> replies = Replies.untilEndOfStream(socket.getInputStream());
			socket.close();

			assertThat(this.server.process().waitFor(60, TimeUnit.SECONDS)).as("the server exits").isTrue();
			assertThat(replies.size()).as("replies, against frames counted before the signal")
				.isGreaterThanOrEqualTo((int) countedBeforeSignal);
			for (int i = 0; i < replies.size(); i++) {
				assertThat(replies.get(i)).as("reply %d", i).isEqualTo(messages.get(i).substring(10));
			}
			assertThat(this.server.log()).contains("Stopped listening");
		}
	}

	private static long receivedSoFar(Actuator actuator) throws IOException, InterruptedException {
		return Actuator.json(actuator.get("/actuator/tcpserver", "operator", PASSWORD)).get("messagesIn").asLong();
	}

}
