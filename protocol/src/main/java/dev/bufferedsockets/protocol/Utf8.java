package dev.bufferedsockets.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 checks that work on the encoded bytes, without decoding and without allocating.
 *
 * <p>A {@code CharsetDecoder} would need a char buffer twice the payload's size; at megabyte
 * frames that allocation dominates the cost of a frame. Validity follows the Unicode standard's
 * table of well-formed byte sequences (no overlongs, no surrogates, nothing above U+10FFFF),
 * which is what Python's strict {@code bytes.decode("utf-8")} accepts.
 */
public final class Utf8 {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final long HIGH_BITS = 0x8080808080808080L;

	private Utf8() {
	}

	/**
	 * @return the offset of the first byte of the first ill-formed sequence in
	 * {@code bytes[from, to)}, or -1 if the whole range is well-formed UTF-8
	 */
	public static int indexOfInvalid(byte[] bytes, int from, int to) {
		int i = from;
		while (i < to) {
			// ASCII dominates real traffic: skip it eight bytes at a time.
			while (i + Long.BYTES <= to && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
				i += Long.BYTES;
			}
			if (i >= to) {
				break;
			}
			int lead = bytes[i] & 0xFF;
			if (lead < 0x80) {
				i++;
			}
			else if (lead < 0xC2) {
				return i; // a stray continuation byte, or the lead of an overlong 2-byte form
			}
			else if (lead < 0xE0) {
				if (i + 1 >= to || !isContinuation(bytes[i + 1])) {
					return i;
				}
				i += 2;
			}
			else if (lead < 0xF0) {
				if (i + 2 >= to || !inRange(bytes[i + 1], lead == 0xE0 ? 0xA0 : 0x80, lead == 0xED ? 0x9F : 0xBF)
						|| !isContinuation(bytes[i + 2])) {
					return i; // E0 80..9F is overlong; ED A0..BF encodes a surrogate
				}
				i += 3;
			}
			else if (lead < 0xF5) {
				if (i + 3 >= to || !inRange(bytes[i + 1], lead == 0xF0 ? 0x90 : 0x80, lead == 0xF4 ? 0x8F : 0xBF)
						|| !isContinuation(bytes[i + 2]) || !isContinuation(bytes[i + 3])) {
					return i; // F0 80..8F is overlong; F4 90.. is above U+10FFFF
				}
				i += 4;
			}
			else {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Encode text strictly, as Python's {@code str.encode()} does: an unpaired surrogate is an
	 * error, not a silent {@code '?'}.
	 * @throws IllegalArgumentException if {@code text} holds an unpaired surrogate
	 */
	public static byte[] encode(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new IllegalArgumentException(
						"text has an unpaired surrogate at index " + i + " and cannot be encoded as UTF-8");
			}
		}
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Skip code points from the start of well-formed UTF-8, as Python's {@code text[n:]} does on
	 * the decoded string: a code point is one character, whatever its encoded length.
	 * @param utf8 well-formed UTF-8 (see {@link #indexOfInvalid})
	 * @param codePoints how many code points to skip
	 * @return the byte offset just after the skipped code points, or {@code utf8.length} if
	 * there are fewer of them
	 */
	public static int offsetAfterCodePoints(byte[] utf8, int codePoints) {
		int offset = 0;
		for (int skipped = 0; skipped < codePoints && offset < utf8.length; skipped++) {
			offset += sequenceLength(utf8[offset]);
		}
		return Math.min(offset, utf8.length);
	}

	private static int sequenceLength(byte lead) {
		int b = lead & 0xFF;
		if (b < 0x80) {
			return 1;
		}
		if (b < 0xE0) {
			return 2;
		}
		return (b < 0xF0) ? 3 : 4;
	}

	private static boolean isContinuation(byte b) {
		return (b & 0xC0) == 0x80;
	}

	private static boolean inRange(byte b, int min, int max) {
		int value = b & 0xFF;
		return value >= min && value <= max;
	}

}
