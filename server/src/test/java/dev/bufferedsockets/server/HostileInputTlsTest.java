package dev.bufferedsockets.server;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Random;

import dev.bufferedsockets.support.OnTls;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.testing.RawConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link HostileInputCases} on TLS, and the hostile input only TLS has: bytes that are not TLS at
 * all, where the handshake should begin.
 */
@ServerTest
class HostileInputTlsTest extends HostileInputCases implements OnTls {

	/** TLS's content type of an alert record, the one thing a server may send before it closes. */
	private static final int ALERT = 21;

	HostileInputTlsTest() {
		super(ServerTransport.TLS);
	}

	@Test
	void garbageInsteadOfAHandshakeEndsOnlyThatConnectionAsATlsFailure() throws IOException {
		Random random = new Random(42);
		for (int attempt = 0; attempt < 20; attempt++) {
			long before = count("tls");
			byte[] garbage = new byte[1 + random.nextInt(64)];
			random.nextBytes(garbage);
			try (RawConnection raw = new RawConnection(this.server.getPort())) { // plain TCP: no handshake
				raw.write(garbage);
				raw.socket().shutdownOutput();
				byte[] answer = untilClosed(raw);
				if (answer.length > 0) {
					assertThat(answer[0]).as("the first byte the server sent for garbage %d", attempt)
						.isEqualTo((byte) ALERT);
				}
			}
			await().until(() -> count("tls") == before + 1);
		}
	}

	/** @return what the server sent before it closed the connection (a reset ends it too) */
	private static byte[] untilClosed(RawConnection raw) throws IOException {
		try {
			return raw.socket().getInputStream().readAllBytes();
		}
		catch (SocketTimeoutException hung) {
			throw new AssertionError("the server neither failed the handshake nor closed the connection", hung);
		}
		catch (IOException reset) {
			return new byte[0];
		}
	}

}
