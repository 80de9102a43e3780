package dev.bufferedsockets.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.protocol.FrameDecoder;
import dev.bufferedsockets.protocol.FrameException;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestStreamTest {

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 9, 10, 11, 16, 64, 1000, 65536, 1048576 })
	void everyFrameCarriesExactlyTheAskedPayloadBytesInBothTexts(int size) {
		for (PayloadText text : PayloadText.values()) {
			RequestStream requests = RequestStream.generate(size, text, 10);
			ByteBuffer frames = requests.newView();

			assertThat(frames.remaining() % requests.frameBytes()).isZero();
			for (int offset = 0; offset < frames.limit(); offset += requests.frameBytes()) {
				assertThat(frames.getInt(offset)).as("header of the frame at %d (%s)", offset, text).isEqualTo(size);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 5, 16, 64, 4096 })
	void expectedRepliesArePythonsPayloadFromTheTenthCodePoint(int size) {
		for (PayloadText text : PayloadText.values()) {
			RequestStream requests = RequestStream.generate(size, text, 10);
			for (long n = 0; n < 40; n++) {
				String request = requestText(requests, n);
				assertThat(new String(requests.expectedReply(n), StandardCharsets.UTF_8))
					.isEqualTo(Texts.dropCodePoints(request, 10));
			}
		}
	}

	@Test
	void mixedTextHoldsCharactersOfEveryEncodedLength() {
		String text = requestText(RequestStream.generate(4096, PayloadText.MIXED, 10), 0);

		assertThat(text.codePoints()).anyMatch(c -> c >= 0x80 && c < 0x800)
			.anyMatch(c -> c >= 0x800 && c < 0x10000)
			.anyMatch(c -> c >= 0x10000)
			.anyMatch(c -> c < 0x80);
	}

	@Test
	void consecutiveRequestsDifferSoALostOrDoubledReplyIsNoticed() {
		RequestStream requests = RequestStream.generate(64, PayloadText.ASCII, 10);

		assertThat(requests.expectedReply(0)).isNotEqualTo(requests.expectedReply(1));
		assertThat(requests.expectedReply(1)).isNotEqualTo(requests.expectedReply(2));
	}

	@Test
	void streamIsReadOnlySoNoConnectionCanCorruptAnother() {
		assertThat(RequestStream.generate(64, PayloadText.ASCII, 10).newView().isReadOnly()).isTrue();
	}

	@Test
	void expectedRepliesFollowTheTruncationTheServerIsSaidToApply() {
		RequestStream requests = RequestStream.generate(64, PayloadText.MIXED, 3);
		assertThat(new String(requests.expectedReply(0), StandardCharsets.UTF_8))
			.isEqualTo(Texts.dropCodePoints(requestText(requests, 0), 3));
	}

	/** @return the {@code n}-th request of the stream as the server decodes it */
	private static String requestText(RequestStream requests, long n) {
		ByteBuffer wire = requests.newView();
		List<byte[]> frames = new ArrayList<>();
		try {
			new FrameDecoder(Integer.MAX_VALUE - 8).decode(wire, frames);
		}
		catch (FrameException ex) {
			throw new AssertionError(ex);
		}
		return new String(frames.get((int) (n % frames.size())), StandardCharsets.UTF_8); // the stream repeats its variants
	}

}
