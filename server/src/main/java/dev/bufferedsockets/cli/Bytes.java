package dev.bufferedsockets.cli;

import java.nio.charset.StandardCharsets;

/**
 * How the protocol tools show bytes to a person: a short hex dump, and text escaped and shortened
 * so that control characters, quotes and broken UTF-8 cannot garble a line.
 */
final class Bytes {

	private Bytes() {
	}

	/** @return up to {@code max} bytes of {@code bytes[from, to)} as {@code "46 6f 75 …"}, with "…" if there were more */
	static String hex(byte[] bytes, int from, int to, int max) {
		StringBuilder hex = new StringBuilder();
		int end = Math.min(to, from + max);
		for (int i = from; i < end; i++) {
			if (i > from) {
				hex.append(' ');
			}
			hex.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
		}
		if (end < to) {
			hex.append(" …");
		}
		return (from >= to) ? "(none)" : hex.toString();
	}

	/** @return the first {@code max} bytes of {@code bytes} in hex */
	static String hex(byte[] bytes, int max) {
		return hex(bytes, 0, bytes.length, max);
	}

	/**
	 * @return {@code utf8[0, length)} decoded leniently, quoted, with controls, quotes and backslashes
	 * escaped, shortened to {@code maxChars} code points with "…" if there was more
	 */
	static String quoted(byte[] utf8, int length, int maxChars) {
		String text = new String(utf8, 0, length, StandardCharsets.UTF_8);
		StringBuilder quoted = new StringBuilder("\"");
		int shown = 0;
		for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
			if (shown++ == maxChars) {
				return quoted.append("\"…").toString();
			}
			int c = text.codePointAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (Character.isISOControl(c) || c == 0xFFFD) { // U+FFFD: bytes that were not UTF-8
						quoted.append(String.format("\\u%04x", c));
					}
					else {
						quoted.appendCodePoint(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	/** @return {@code text} quoted as {@link #quoted(byte[], int, int)} shows it */
	static String quoted(String text, int maxChars) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		return quoted(utf8, utf8.length, maxChars);
	}

}
