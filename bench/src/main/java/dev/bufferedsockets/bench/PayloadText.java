package dev.bufferedsockets.bench;

/** What the generated request payloads hold. */
public enum PayloadText {

	/** Printable ASCII: one byte per character, the common case. */
	ASCII,

	/**
	 * About a third of the characters multi-byte (2, 3 and 4 bytes, emoji included), so truncation
	 * must count code points rather than bytes or chars.
	 */
	MIXED

}
