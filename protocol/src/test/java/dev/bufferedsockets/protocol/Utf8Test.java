package dev.bufferedsockets.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Utf8Test {

	private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

	static Stream<String> wellFormedTexts() {
		return Stream.of("", "a", "plain ASCII, with punctuation!?", "\u0000", "\u007F", "é", "\u0080", "\u07FF",
				"\u0800", "日本語", "\uD7FF", "\uE000", "\uFFFD", "\uFFFF", "\uFEFFbom first", "\uD800\uDC00",
				"😀", "𝄞", "\uDBFF\uDFFF", "mixed é 日 😀 \u0301 text", "e\u0301", "🇫🇷👨‍👩‍👧");
	}

	@ParameterizedTest
	@MethodSource("wellFormedTexts")
	void acceptsWellFormedText(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		assertThat(Utf8.indexOfInvalid(bytes, 0, bytes.length)).as("indexOfInvalid of %s", hex(bytes)).isEqualTo(-1);
		assertThat(isValid(bytes)).as("isValid of %s", hex(bytes)).isTrue();
	}

	@Test
	void acceptsTheLargestCodePointsOfEachLength() {
		assertValid(0x7F);
		assertValid(0xC2, 0x80);
		assertValid(0xDF, 0xBF);
		assertValid(0xE0, 0xA0, 0x80);
		assertValid(0xED, 0x9F, 0xBF);
		assertValid(0xEE, 0x80, 0x80);
		assertValid(0xEF, 0xBF, 0xBF); // U+FFFF
		assertValid(0xEF, 0xBB, 0xBF); // BOM
		assertValid(0xF0, 0x90, 0x80, 0x80); // U+10000
		assertValid(0xF4, 0x8F, 0xBF, 0xBF); // U+10FFFF
	}

	@Test
	void acceptsAMultiByteCharacterAtEveryOffsetOfALongAsciiRun() {
		for (String ch : new String[] { "é", "日", "😀" }) {
			for (int offset = 0; offset <= 16; offset++) {
				String text = "a".repeat(offset) + ch + "b".repeat(40 - offset);
				byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
				assertThat(Utf8.indexOfInvalid(bytes, 0, bytes.length))
					.as("%s after %d ASCII bytes", ch, offset)
					.isEqualTo(-1);
			}
		}
	}

	static Stream<Arguments> illFormedSequences() {
		return Stream.of(
				// stray continuation bytes
				Arguments.of("80"), Arguments.of("BF"), Arguments.of("80 80"),
				// overlong 2-byte forms
				Arguments.of("C0 80"), Arguments.of("C1 BF"), Arguments.of("C0 AF"),
				// overlong 3-byte forms
				Arguments.of("E0 80 80"), Arguments.of("E0 9F BF"),
				// surrogates
				Arguments.of("ED A0 80"), Arguments.of("ED BF BF"), Arguments.of("ED B0 80"),
				Arguments.of("ED A0 BD ED B8 80"),
				// overlong 4-byte forms
				Arguments.of("F0 80 80 80"), Arguments.of("F0 8F BF BF"),
				// above U+10FFFF
				Arguments.of("F4 90 80 80"), Arguments.of("F4 BF BF BF"),
				// leads that never occur
				Arguments.of("F5 80 80 80"), Arguments.of("F7 BF BF BF"), Arguments.of("F8 88 80 80 80"),
				Arguments.of("FC 84 80 80 80 80"), Arguments.of("FE"), Arguments.of("FF"),
				// sequences cut short by the end of input
				Arguments.of("C3"), Arguments.of("DF"), Arguments.of("E2"), Arguments.of("E2 82"),
				Arguments.of("E0 A0"), Arguments.of("ED 9F"), Arguments.of("F0"), Arguments.of("F0 9F"),
				Arguments.of("F0 9F 98"), Arguments.of("F4 8F BF"),
				// bad continuation bytes
				Arguments.of("C3 41"), Arguments.of("C3 C3 A9"), Arguments.of("C3 E2 82 AC"), Arguments.of("E2 41 AC"),
				Arguments.of("E2 82 41"), Arguments.of("E2 82 C0"), Arguments.of("EF BF 7F"),
				Arguments.of("F0 41 98 80"), Arguments.of("F0 9F 41 80"), Arguments.of("F0 9F 98 41"),
				Arguments.of("F0 9F 98 F0 9F 98 80"), Arguments.of("F1 80 80 C0"));
	}

	@ParameterizedTest
	@MethodSource("illFormedSequences")
	void rejectsIllFormedSequenceAtItsFirstByte(String hex) {
		byte[] sequence = HEX.parseHex(hex);
		assertThat(Utf8.indexOfInvalid(sequence, 0, sequence.length)).as("offset in %s", hex).isZero();
		assertThat(isValid(sequence)).as("isValid(%s)", hex).isFalse();

		byte[] prefix = "ab€".getBytes(StandardCharsets.UTF_8);
		byte[] afterPrefix = concat(prefix, sequence, "tail".getBytes(StandardCharsets.UTF_8));
		assertThat(Utf8.indexOfInvalid(afterPrefix, 0, afterPrefix.length)).as("offset in %s", hex(afterPrefix))
			.isEqualTo(prefix.length);
		assertThat(isValid(afterPrefix)).isFalse();
		assertThat(Utf8.indexOfInvalid(afterPrefix, 0, afterPrefix.length))
			.as("offset in %s compared with the JDK's strict decoder", hex(afterPrefix))
			.isEqualTo(Texts.firstIllFormedOffset(afterPrefix));
	}

	@ParameterizedTest
	@ValueSource(strings = { "80", "C0 80", "ED A0 80", "F4 90 80 80", "FF", "C3", "E2 82", "F0 9F 98", "E2 41 AC" })
	void rejectsAnInvalidByteAfterAnAsciiRunOfAnyLength(String hex) {
		byte[] sequence = HEX.parseHex(hex);
		for (int offset = 0; offset <= 16; offset++) {
			for (int after : new int[] { 0, 1, 7, 8, 20 }) {
				boolean cutShort = hex.equals("C3") || hex.equals("E2 82") || hex.equals("F0 9F 98");
				byte[] bytes = concat("a".repeat(offset).getBytes(StandardCharsets.US_ASCII), sequence,
						(cutShort ? "" : "z".repeat(after)).getBytes(StandardCharsets.US_ASCII));
				assertThat(Utf8.indexOfInvalid(bytes, 0, bytes.length))
					.as("offset of %s after %d ASCII bytes, in %s", hex, offset, hex(bytes))
					.isEqualTo(offset);
			}
		}
	}

	@Test
	void reportsTheFirstOfSeveralIllFormedSequences() {
		byte[] bytes = concat("0123456789".getBytes(StandardCharsets.US_ASCII), HEX.parseHex("C3 A9 80 FF"));
		assertThat(Utf8.indexOfInvalid(bytes, 0, bytes.length)).isEqualTo(12);
	}

	@Test
	void looksOnlyInsideTheGivenRange() {
		byte[] bytes = concat(HEX.parseHex("FF"), "0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
				HEX.parseHex("FF 80"));
		assertThat(Utf8.indexOfInvalid(bytes, 1, bytes.length - 2)).as("range of ASCII between two bad bytes")
			.isEqualTo(-1);
		for (int to = 1; to <= bytes.length - 2; to++) {
			assertThat(Utf8.indexOfInvalid(bytes, 1, to)).as("range [1, %d) of ASCII", to).isEqualTo(-1);
		}
		assertThat(Utf8.indexOfInvalid(bytes, 1, bytes.length)).isEqualTo(bytes.length - 2);
		assertThat(Utf8.indexOfInvalid(bytes, 0, 5)).isZero();
		assertThat(Utf8.indexOfInvalid(bytes, 3, 3)).as("empty range").isEqualTo(-1);
	}

	@Test
	void sequenceCutByTheEndOfTheRangeIsIllFormed() {
		byte[] bytes = concat("ab".getBytes(StandardCharsets.US_ASCII), "😀".getBytes(StandardCharsets.UTF_8),
				"cd".getBytes(StandardCharsets.US_ASCII));
		for (int to = 3; to < 6; to++) {
			assertThat(Utf8.indexOfInvalid(bytes, 0, to)).as("emoji cut after %d of its bytes", to - 2).isEqualTo(2);
		}
		assertThat(Utf8.indexOfInvalid(bytes, 0, 6)).isEqualTo(-1);
	}

	@Test
	void agreesWithTheJdkStrictDecoderOnRandomBytes() {
		int[] interesting = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
				0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF };
		Random random = new Random(0x5EED_0F_0F_0FL);
		int valid = 0;
		int invalid = 0;
		int multiByteValid = 0;
		for (int n = 0; n < 50_000; n++) {
			byte[] bytes = new byte[random.nextInt(25)];
			int i = 0;
			while (i < bytes.length) {
				int choice = random.nextInt(10);
				if (choice < 3) {
					// an ASCII run, long enough at times to reach the eight-byte fast path
					int run = Math.min(bytes.length - i, 1 + random.nextInt(12));
					for (int k = 0; k < run; k++) {
						bytes[i++] = (byte) (0x20 + random.nextInt(0x5F));
					}
				}
				else if (choice < 5) {
					// a well-formed character of any length, possibly cut short by the end of the array
					byte[] ch = new String(Character.toChars(randomScalarValue(random))).getBytes(StandardCharsets.UTF_8);
					for (int k = 0; k < ch.length && i < bytes.length; k++) {
						bytes[i++] = ch[k];
					}
				}
				else if (choice < 6) {
					bytes[i++] = (byte) (0x80 + random.nextInt(0x40));
				}
				else if (choice < 9) {
					bytes[i++] = (byte) interesting[random.nextInt(interesting.length)];
				}
				else {
					bytes[i++] = (byte) random.nextInt(256);
				}
			}
			int expected = Texts.firstIllFormedOffset(bytes);
			assertThat(Utf8.indexOfInvalid(bytes, 0, bytes.length)).as("indexOfInvalid of %s", hex(bytes))
				.isEqualTo(expected);
			assertThat(isValid(bytes)).as("isValid of %s", hex(bytes)).isEqualTo(expected < 0);
			if (expected < 0) {
				valid++;
				if (hasNonAscii(bytes)) {
					multiByteValid++;
				}
			}
			else {
				invalid++;
			}
		}
		assertThat(valid).as("valid random arrays generated").isGreaterThan(5_000);
		assertThat(multiByteValid).as("valid random arrays with multi-byte characters").isGreaterThan(1_000);
		assertThat(invalid).as("invalid random arrays generated").isGreaterThan(5_000);
	}

	@Test
	void agreesWithTheJdkStrictDecoderOnEveryShortSequence() {
		// Every 1- and 2-byte array, and every 3-byte array whose lead is not ASCII.
		byte[] one = new byte[1];
		byte[] two = new byte[2];
		for (int a = 0; a < 256; a++) {
			one[0] = (byte) a;
			assertThat(Utf8.indexOfInvalid(one, 0, 1)).as("%s", hex(one)).isEqualTo(Texts.firstIllFormedOffset(one));
			for (int b = 0; b < 256; b++) {
				two[0] = (byte) a;
				two[1] = (byte) b;
				assertThat(Utf8.indexOfInvalid(two, 0, 2)).as("%s", hex(two)).isEqualTo(Texts.firstIllFormedOffset(two));
			}
		}
		byte[] three = new byte[3];
		for (int a = 0xC0; a < 0x100; a++) {
			for (int b = 0x70; b < 0xD0; b++) {
				for (int c = 0x70; c < 0xD0; c++) {
					three[0] = (byte) a;
					three[1] = (byte) b;
					three[2] = (byte) c;
					int actual = Utf8.indexOfInvalid(three, 0, 3);
					int expected = Texts.firstIllFormedOffset(three);
					if (actual != expected) {
						assertThat(actual).as("%s", hex(three)).isEqualTo(expected);
					}
				}
			}
		}
	}

	@Test
	void offsetAfterCodePointsCountsEachCharacterOnce() {
		byte[] text = "a😀é日b".getBytes(StandardCharsets.UTF_8);
		assertThat(Utf8.offsetAfterCodePoints(text, 0)).isZero();
		assertThat(Utf8.offsetAfterCodePoints(text, 1)).isEqualTo(1);
		assertThat(Utf8.offsetAfterCodePoints(text, 2)).isEqualTo(5);
		assertThat(Utf8.offsetAfterCodePoints(text, 3)).isEqualTo(7);
		assertThat(Utf8.offsetAfterCodePoints(text, 4)).isEqualTo(10);
		assertThat(Utf8.offsetAfterCodePoints(text, 5)).isEqualTo(11);
		assertThat(Utf8.offsetAfterCodePoints(text, 6)).as("more code points than the text has").isEqualTo(11);
		assertThat(Utf8.offsetAfterCodePoints(text, Integer.MAX_VALUE)).isEqualTo(11);
		assertThat(Utf8.offsetAfterCodePoints(new byte[0], 0)).isZero();
		assertThat(Utf8.offsetAfterCodePoints(new byte[0], 10)).isZero();
	}

	@Test
	void offsetAfterCodePointsMatchesJavaStringsOnRandomText() {
		Random random = new Random(42);
		for (int n = 0; n < 3_000; n++) {
			StringBuilder builder = new StringBuilder();
			int length = random.nextInt(20);
			for (int k = 0; k < length; k++) {
				builder.appendCodePoint(randomScalarValue(random));
			}
			String text = builder.toString();
			byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
			int codePoints = text.codePointCount(0, text.length());
			for (int skip = 0; skip <= codePoints + 1; skip++) {
				int expected = utf8.length - Texts.dropCodePoints(text, skip).getBytes(StandardCharsets.UTF_8).length;
				assertThat(Utf8.offsetAfterCodePoints(utf8, skip)).as("offset after %d code points of %s", skip,
						hex(utf8))
					.isEqualTo(expected);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "\uD83D", "\uDE00", "a\uD83Db", "a\uDE00b", "abc\uD83D", "\uDE00\uD83D",
			"\uD83D\uD83D\uDE00", "\uD83D\uDE00\uDE00", "ok😀then\uDBFF" })
	void encodeRejectsUnpairedSurrogates(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Utf8.encode(text)).withMessageContaining("surrogate");
	}

	@ParameterizedTest
	@MethodSource("wellFormedTexts")
	void encodeMatchesTheJdkForWellFormedText(String text) {
		assertThat(Utf8.encode(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void encodeAcceptsSurrogatePairs() {
		assertThat(Utf8.encode("\uD83D\uDE00")).containsExactly(0xF0, 0x9F, 0x98, 0x80);
		assertThat(Utf8.encode("\uDBFF\uDFFF")).containsExactly(0xF4, 0x8F, 0xBF, 0xBF);
		assertThat(Utf8.encode("a\uD834\uDD1Eb😀")).isEqualTo("a𝄞b😀".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void encodeMatchesTheJdkOnRandomText() {
		Random random = new Random(7);
		for (int n = 0; n < 2_000; n++) {
			StringBuilder builder = new StringBuilder();
			int length = random.nextInt(30);
			for (int k = 0; k < length; k++) {
				builder.appendCodePoint(randomScalarValue(random));
			}
			String text = builder.toString();
			byte[] encoded = Utf8.encode(text);
			assertThat(encoded).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
			assertThat(isValid(encoded)).isTrue();
		}
	}

	private static int randomScalarValue(Random random) {
		int plane = random.nextInt(4);
		int cp;
		switch (plane) {
			case 0 -> cp = random.nextInt(0x80);
			case 1 -> cp = 0x80 + random.nextInt(0x800 - 0x80);
			case 2 -> cp = 0x800 + random.nextInt(0x10000 - 0x800);
			default -> cp = 0x10000 + random.nextInt(0x110000 - 0x10000);
		}
		return Character.isSurrogate((char) cp) && cp < 0x10000 ? 0xFFFD : cp;
	}

	private static void assertValid(int... unsignedBytes) {
		byte[] bytes = new byte[unsignedBytes.length];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) unsignedBytes[i];
		}
		assertThat(Utf8.indexOfInvalid(bytes, 0, bytes.length)).as("indexOfInvalid of %s", hex(bytes)).isEqualTo(-1);
		assertThat(isValid(bytes)).as("isValid of %s", hex(bytes)).isTrue();
	}

	private static boolean hasNonAscii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return true;
			}
		}
		return false;
	}

	private static byte[] concat(byte[]... parts) {
		int length = Arrays.stream(parts).mapToInt((part) -> part.length).sum();
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

	private static String hex(byte[] bytes) {
		return "[" + HEX.withUpperCase().formatHex(bytes) + "]";
	}

	private static boolean isValid(byte[] bytes) {
		return Utf8.indexOfInvalid(bytes, 0, bytes.length) < 0;
	}

}
