package dev.bufferedsockets.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.bufferedsockets.support.Texts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestStreamTest {

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 9, 10, 11, 16, 64, 1000, 65536, 1048576 })
	void everyFrameCarriesExactlyTheAskedPayloadBytesInBothTexts(int size) {
		for (PayloadText text : PayloadText.values()) {
			RequestStream requests = RequestStream.generate(size, text);
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
			RequestStream requests = RequestStream.generate(size, text);
			for (long n = 0; n < 40; n++) {
				String request = requests.requestText(n);
				assertThat(new String(requests.expectedReply(n), StandardCharsets.UTF_8))
					.isEqualTo(Texts.dropCodePoints(request, 10));
			}
		}
	}

	@Test
	void mixedTextHoldsCharactersOfEveryEncodedLength() {
		String text = RequestStream.generate(4096, PayloadText.MIXED).requestText(0);

		assertThat(text.codePoints()).anyMatch(c -> c >= 0x80 && c < 0x800)
			.anyMatch(c -> c >= 0x800 && c < 0x10000)
			.anyMatch(c -> c >= 0x10000)
			.anyMatch(c -> c < 0x80);
	}

	@Test
	void consecutiveRequestsDifferSoALostOrDoubledReplyIsNoticed() {
		RequestStream requests = RequestStream.generate(64, PayloadText.ASCII);

		assertThat(requests.expectedReply(0)).isNotEqualTo(requests.expectedReply(1));
		assertThat(requests.expectedReply(1)).isNotEqualTo(requests.expectedReply(2));
	}

	@Test
	void streamIsReadOnlySoNoConnectionCanCorruptAnother() {
		assertThat(RequestStream.generate(64, PayloadText.ASCII).newView().isReadOnly()).isTrue();
	}

}
