package dev.bufferedsockets.testing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Deterministic test texts. */
public final class Texts {

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";

	private static final int[] MULTI_BYTE = { 'é', 'ß', 'Ж', '中', '文', 0x1F600, 0x1D11E, 0x10348, '\u0301' };

	private Texts() {
	}

	/** @return {@code length} ASCII characters, the same for the same seed */
	public static String ascii(int length, long seed) {
		Random random = new Random(seed);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return text.toString();
	}

	/** @return {@code codePoints} code points, about a third of them multi-byte, some supplementary */
	public static String mixed(int codePoints, long seed) {
		Random random = new Random(seed);
		StringBuilder text = new StringBuilder(codePoints * 2);
		for (int i = 0; i < codePoints; i++) {
			if (random.nextInt(3) == 0) {
				text.appendCodePoint(MULTI_BYTE[random.nextInt(MULTI_BYTE.length)]);
			}
			else {
				text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
			}
		}
		return text.toString();
	}

	/** @return random code points from every plane (no surrogates) whose UTF-8 form has at most {@code maxBytes} */
	public static String randomUtf8(int maxBytes, Random random) {
		StringBuilder text = new StringBuilder();
		int bytes = 0;
		while (true) {
			int codePoint = switch (random.nextInt(4)) {
				case 0 -> 0x20 + random.nextInt(0x5F);
				case 1 -> 0x80 + random.nextInt(0x780);
				case 2 -> 0xE000 + random.nextInt(0x2000); // 3-byte, clear of the surrogate block
				default -> 0x10000 + random.nextInt(0x100000);
			};
			int length = (codePoint < 0x80) ? 1 : (codePoint < 0x800) ? 2 : (codePoint < 0x10000) ? 3 : 4;
			if (bytes + length > maxBytes) {
				return text.toString();
			}
			text.appendCodePoint(codePoint);
			bytes += length;
		}
	}

	/** The reference semantics: Python's {@code text[n:]} on code points. */
	public static String dropCodePoints(String text, int n) {
		int count = text.codePointCount(0, text.length());
		return text.substring(text.offsetByCodePoints(0, Math.min(n, count)));
	}

	/**
	 * The reference UTF-8 check: the JDK's strict decoder, which reports overlongs, surrogates,
	 * code points above U+10FFFF and cut sequences where they start.
	 * @return the offset of the first byte of the first ill-formed sequence, or -1 if there is none
	 */
	public static int firstIllFormedOffset(byte[] bytes) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(bytes);
		CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 4); // room enough: never an overflow
		CoderResult result = decoder.decode(in, out, true);
		if (!result.isError()) {
			result = decoder.flush(out);
		}
		return result.isError() ? in.position() : -1;
	}

}
