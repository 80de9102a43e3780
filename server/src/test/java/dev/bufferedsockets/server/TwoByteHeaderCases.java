package dev.bufferedsockets.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.testing.RawConnection;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * A server configured with {@code buffered.server.header-bytes: 2}, through each listener (the
 * subclasses pick plain TCP or TLS): the same protocol with {@code !H} headers, up to 65,535 bytes.
 */
@TestPropertySource(properties = { "buffered.server.header-bytes=2", "buffered.server.max-message-bytes=65535" })
abstract class TwoByteHeaderCases {

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	@Autowired
	private ConnectionErrors errors;

	private final List<BufferedClient> clients = new ArrayList<>();

	TwoByteHeaderCases(ServerTransport transport) {
		this.transport = transport;
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(BufferedClient::shutdown);
	}

	@Test
	void theSeedExampleIsAnsweredWithATwoByteHeader() throws IOException {
		BufferedClient client = client(HeaderFormat.TWO_BYTES);
		client.sendMessage("Four score and seven years ago");
		assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(" and seven years ago", true));
	}

	@Test
	void pipelinedMessagesAreAnsweredInOrder() throws IOException {
		BufferedClient client = client(HeaderFormat.TWO_BYTES);
		List<String> messages = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			messages.add(i + " " + Texts.mixed(10 + i % 40, i));
		}
		messages.forEach(client::sendMessage);
		for (String message : messages) {
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(Texts.dropCodePoints(message, 10), true));
		}
	}

	@Test
	void aFrameOfExactly65535BytesIsAnsweredButALongerOneCannotBeSent() throws IOException {
		BufferedClient client = client(HeaderFormat.TWO_BYTES);
		String largest = Texts.ascii(65_535, 7);
		client.sendMessage(largest);
		assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(largest.substring(10), true));

		assertThatIllegalArgumentException().as("no 2-byte header announces 65,536")
			.isThrownBy(() -> client.sendMessage(Texts.ascii(65_536, 8)))
			.withMessageContaining("at most 65535");
		client.sendMessage(largest);
		assertThat(client.receiveMessage().ok()).as("nothing of the refused message was sent").isTrue();
	}

	@Test
	void aFourByteClientFailsCleanlyAndIsCounted() throws IOException {
		long before = this.errors.counts().getOrDefault("invalid-utf8", 0L);
		BufferedClient fourBytes = client(HeaderFormat.FOUR_BYTES);
		// Header 00 01 11 70: read as a 1-byte frame (0x11), then a header 0x70C3 before the payload's
		// continuation bytes, which are not UTF-8 on their own.
		fourBytes.sendMessage("é".repeat(35_000));

		assertThat(fourBytes.receiveMessage()).as("what a 4-byte client gets from a 2-byte server")
			.isEqualTo(new ReceivedMessage("", false));
		await().until(() -> this.errors.counts().getOrDefault("invalid-utf8", 0L) == before + 1);
		BufferedClient bystander = client(HeaderFormat.TWO_BYTES);
		bystander.sendMessage("0123456789unaffected");
		assertThat(bystander.receiveMessage()).isEqualTo(new ReceivedMessage("unaffected", true));
	}

	@Test
	void theReplyOnTheWireIsTwoHeaderBytesAndTheText() throws IOException {
		try (RawConnection raw = this.transport.raw(this.server.getPort())) {
			raw.write(FrameEncoder.of(HeaderFormat.TWO_BYTES).encode("Four score and seven years ago".getBytes(StandardCharsets.UTF_8)));
			byte[] reply = raw.socket().getInputStream().readNBytes(22);
			assertThat(reply).isEqualTo(FrameEncoder.of(HeaderFormat.TWO_BYTES)
				.encode(" and seven years ago".getBytes(StandardCharsets.UTF_8)));
			assertThat(reply).startsWith(0x00, 0x14);
		}
	}

	private BufferedClient client(HeaderFormat format) throws IOException {
		BufferedClient client = this.transport.client(this.server.getPort(), format);
		this.clients.add(client);
		return client;
	}

}
