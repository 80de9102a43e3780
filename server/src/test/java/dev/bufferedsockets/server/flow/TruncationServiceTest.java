package dev.bufferedsockets.server.flow;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class TruncationServiceTest {

	private final TruncationService service = serviceTruncating(10);

	static Stream<Arguments> payloadsAndWhatRemains() {
		return Stream.of(
				// ASCII, the seed example
				Arguments.of("Four score and seven years ago", " and seven years ago"),
				Arguments.of("", ""), Arguments.of("a", ""), Arguments.of("short", ""), Arguments.of("123456789", ""),
				Arguments.of("0123456789", ""), Arguments.of("0123456789X", "X"),
				Arguments.of("0123456789 two words", " two words"),
				// an emoji before, on and just after the cut counts as one character
				Arguments.of("😀123456789X", "X"), Arguments.of("😀123456789", ""),
				Arguments.of("123456789😀tail", "tail"), Arguments.of("12345678😀9tail", "tail"),
				Arguments.of("123456789😀", ""), Arguments.of("0123456789😀", "😀"),
				Arguments.of("0123456789😀tail", "😀tail"), Arguments.of("😀😀😀😀😀😀😀😀😀😀😀", "😀"),
				Arguments.of("😀😀😀😀😀😀😀😀😀😀", ""), Arguments.of("𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞end", "end"),
				Arguments.of("123456789𝄞𝄞", "𝄞"),
				// 2- and 3-byte characters
				Arguments.of("éééééééééé!", "!"), Arguments.of("日本語のテキストです。これは", "。これは"),
				Arguments.of("aé日😀bé日😀cd|rest", "|rest"), Arguments.of("123456789日本", "本"),
				// extremes of the code space
				Arguments.of("\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "\u0000"),
				Arguments.of("\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFFz", "z"),
				Arguments.of("\uDBFF\uDFFF".repeat(10) + "\uDBFF\uDFFF", "\uDBFF\uDFFF"),
				Arguments.of("\uFEFF123456789X", "X"),
				// combining marks, flags and ZWJ sequences are several code points, as in Python
				Arguments.of("cafe\u0301 au lait", "ait"), Arguments.of("e\u0301".repeat(5), ""),
				Arguments.of("e\u0301".repeat(5) + "X", "X"), Arguments.of("e\u0301".repeat(4) + "e\u0301\u0301X", "\u0301X"),
				Arguments.of("🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷!", "!"), Arguments.of("🇫🇷🇫🇷🇫🇷🇫🇷🇫🇩🇪", "🇪"),
				Arguments.of("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67".repeat(2) + "x", "x"),
				// the family is five code points: man, ZWJ, woman, ZWJ, girl
				Arguments.of("👨\u200D👩\u200D👧123👨\u200D👩\u200D👧", "👩\u200D👧"));
	}

	@ParameterizedTest
	@MethodSource("payloadsAndWhatRemains")
	void dropsTheFirstTenCodePoints(String payload, String expected) {
		assertThat(Texts.dropCodePoints(payload, 10)).as("the reference implementation agrees with %s", describe(expected))
			.isEqualTo(expected);
		byte[] actual = this.service.truncate(utf8(payload));
		assertThat(actual).as("truncate(%s) should be %s but was %s", describe(payload), describe(expected),
				describe(new String(actual, StandardCharsets.UTF_8)))
			.isEqualTo(utf8(expected));
	}

	@Test
	void agreesWithTheReferenceOnRandomTextFromAllPlanes() {
		Random random = new Random(0xB0FFE12L);
		for (int n = 0; n < 5_000; n++) {
			String text = randomText(random, random.nextInt(25));
			byte[] actual = this.service.truncate(utf8(text));
			assertThat(actual).as("truncate(%s)", describe(text)).isEqualTo(utf8(Texts.dropCodePoints(text, 10)));
		}
	}

	@Test
	void truncatingZeroCharactersReturnsThePayloadUnchanged() {
		TruncationService none = serviceTruncating(0);
		for (String text : new String[] { "", "a", "Four score and seven years ago", "😀é日 mixed", "e\u0301" }) {
			assertThat(none.truncate(utf8(text))).as("truncate(%s) with truncate-chars 0", describe(text))
				.isEqualTo(utf8(text));
		}
	}

	@Test
	void honoursAnotherTruncateChars() {
		TruncationService three = serviceTruncating(3);
		assertThat(three.truncate(utf8("Four score"))).isEqualTo(utf8("r score"));
		assertThat(three.truncate(utf8("😀é日rest"))).isEqualTo(utf8("rest"));
		assertThat(three.truncate(utf8("ab😀"))).isEqualTo(utf8(""));
		assertThat(three.truncate(utf8("ab"))).isEqualTo(utf8(""));
		Random random = new Random(3);
		for (int n = 0; n < 1_000; n++) {
			String text = randomText(random, random.nextInt(8));
			assertThat(three.truncate(utf8(text))).as("truncate(%s) with truncate-chars 3", describe(text))
				.isEqualTo(utf8(Texts.dropCodePoints(text, 3)));
		}
	}

	@Test
	void truncateCharsLargerThanAnyPayloadLeavesNothing() {
		TruncationService all = serviceTruncating(Integer.MAX_VALUE);
		assertThat(all.truncate(utf8("Four score and seven years ago 😀"))).isEmpty();
		assertThat(all.truncate(new byte[0])).isEmpty();
	}

	private static TruncationService serviceTruncating(int truncateChars) {
		return new TruncationService(truncateChars);
	}

	private static String randomText(Random random, int codePoints) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < codePoints; i++) {
			int cp;
			switch (random.nextInt(4)) {
				case 0 -> cp = random.nextInt(0x80);
				case 1 -> cp = 0x80 + random.nextInt(0x800 - 0x80);
				case 2 -> cp = 0x800 + random.nextInt(0x10000 - 0x800);
				default -> cp = 0x10000 + random.nextInt(0x110000 - 0x10000);
			}
			if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
				cp = 0xE000 + (cp - Character.MIN_SURROGATE);
			}
			text.appendCodePoint(cp);
		}
		return text.toString();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String describe(String text) {
		StringBuilder description = new StringBuilder("\"");
		text.codePoints().forEach((cp) -> {
			if (cp >= 0x20 && cp < 0x7F) {
				description.appendCodePoint(cp);
			}
			else {
				description.append(String.format("\\u{%X}", cp));
			}
		});
		return description.append('"').toString();
	}

}
