package dev.bufferedsockets.client;

import dev.bufferedsockets.gateway.ServerUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.support.BackgroundTask;
import dev.bufferedsockets.support.GatewayContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against scripted servers that misbehave in the ways a real one can: closing pooled
 * connections between calls, or never replying. Each call must end with a reply or a clear
 * {@link ServerUnavailableException}, never hang.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayConnectionFailuresTest {

	private final FrameCodec codec = new FrameCodec(1024, 1 << 20);

	private final ServerSocket listener = listen();

	private final List<Socket> accepted = new ArrayList<>();

	private final AtomicInteger closedByClient = new AtomicInteger();

	private BackgroundTask<Void> server;

	private GatewayContext gateway;

	@AfterEach
	void closeEverything() throws Exception {
		if (this.gateway != null) {
			this.gateway.close();
		}
		this.listener.close();
		synchronized (this.accepted) {
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void aPooledConnectionTheServerClosedIsReplacedWithoutFailingTheCallOrLoggingAnError(CapturedOutput output) {
		this.server = serve(true);
		this.gateway = GatewayContext.start(this.listener.getLocalPort(), "buffered.client.pool-size=2");
		for (int call = 0; call < 6; call++) {
			assertThat(this.gateway.gateway().exchange("0123456789call " + call)).isEqualTo("call " + call);
		}
		assertThat(this.accepted).hasSize(6);
		assertThat(output.getAll()).as("log of calls that all succeeded").doesNotContain("ERROR").doesNotContain("WARN");
	}

	@Test
	void aServerThatNeverRepliesGivesAClearFailureAfterTheTimeoutAndTheConnectionIsClosed(CapturedOutput output) {
		this.server = serve(false);
		this.gateway = GatewayContext.start(this.listener.getLocalPort(), "buffered.client.timeout=300ms");
		assertThatThrownBy(() -> this.gateway.gateway().exchange("0123456789 hello?"))
			.isInstanceOf(ServerUnavailableException.class)
			.hasMessageStartingWith("no reply from the buffered-sockets server at 127.0.0.1:" + this.listener.getLocalPort());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.closedByClient).hasValue(1));
		assertThat(output.getAll().lines().filter(line -> line.contains("WARN") || line.contains("ERROR")))
			.as("the failed call's log: one line, no stack trace")
			.singleElement(as(STRING))
			.contains("WARN", "BufferedGateway call failed: no reply from the buffered-sockets server at 127.0.0.1:");
		assertThat(output.getAll()).doesNotContain("\tat ");
	}

	/**
	 * Accept connections one at a time; read one frame from each and then either answer it and close
	 * the connection at once, or never answer and wait for the client to hang up.
	 */
	private BackgroundTask<Void> serve(boolean answerThenClose) {
		return BackgroundTask.start("scripted-server", () -> {
			while (!this.listener.isClosed()) {
				Socket socket;
				try {
					socket = this.listener.accept();
				}
				catch (IOException closed) {
					return null;
				}
				synchronized (this.accepted) {
					this.accepted.add(socket);
				}
				InputStream in = socket.getInputStream();
				byte[] request = this.codec.readFrame(in);
				if (answerThenClose) {
					String text = new String(request, StandardCharsets.UTF_8);
					socket.getOutputStream().write(FrameEncoder.DEFAULT.encode(text.substring(10).getBytes(StandardCharsets.UTF_8)));
					socket.close();
				}
				else if (in.read() == -1) {
					this.closedByClient.incrementAndGet();
				}
			}
			return null;
		});
	}

	private static ServerSocket listen() {
		try {
			return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
