package dev.bufferedsockets.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.testing.RawConnection;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code header-bytes: 2} on the NIO listener (plain TCP). */
@ServerTest
@TestPropertySource(properties = { "buffered.server.header-bytes=2", "buffered.server.max-message-bytes=65535" })
class TwoByteHeaderTest extends TwoByteHeaderCases {

	@Override
	BufferedClient connect(HeaderFormat format) throws IOException {
		return new BufferedClient("127.0.0.1", this.server.getPort(), 1024, Duration.ofSeconds(20), null, format);
	}

	@Test
	void theReplyOnTheWireIsTwoHeaderBytesAndTheText() throws IOException {
		try (RawConnection raw = new RawConnection(this.server.getPort())) {
			raw.write(FrameEncoder.of(HeaderFormat.TWO_BYTES).encode("Four score and seven years ago".getBytes(StandardCharsets.UTF_8)));
			byte[] reply = raw.socket().getInputStream().readNBytes(22);
			assertThat(reply).isEqualTo(FrameEncoder.of(HeaderFormat.TWO_BYTES)
				.encode(" and seven years ago".getBytes(StandardCharsets.UTF_8)));
			assertThat(reply).startsWith(0x00, 0x14);
		}
	}

}
