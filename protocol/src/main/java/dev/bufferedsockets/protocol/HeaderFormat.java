package dev.bufferedsockets.protocol;

/**
 * How many bytes a frame's length header takes: the assignment's 4 (Python's {@code struct}
 * format {@code !I}), or the 2 of some older versions of the course ({@code !H}), which limits a
 * payload to 65,535 bytes. Either way the length is unsigned and big-endian.
 *
 * <p>The encoder, the decoder and the blocking codec take one; every tool that speaks the
 * protocol names it with {@code --header-bytes}.
 */
public enum HeaderFormat {

	/** {@code !I}: an unsigned 32-bit length, the assignment's format and the default. */
	FOUR_BYTES(4, 0xFFFF_FFFFL),

	/** {@code !H}: an unsigned 16-bit length, so at most 65,535 payload bytes. */
	TWO_BYTES(2, 0xFFFF);

	private final int bytes;

	private final long maxLength;

	HeaderFormat(int bytes, long maxLength) {
		this.bytes = bytes;
		this.maxLength = maxLength;
	}

	/**
	 * @param bytes 4 or 2
	 * @throws IllegalArgumentException for any other size
	 */
	public static HeaderFormat ofBytes(int bytes) {
		for (HeaderFormat format : values()) {
			if (format.bytes == bytes) {
				return format;
			}
		}
		throw new IllegalArgumentException("a frame header is 4 or 2 bytes, not " + bytes);
	}

	/** @return the bytes a header takes on the wire */
	public int bytes() {
		return this.bytes;
	}

	/** @return the largest length the header can announce: 4,294,967,295 or 65,535 */
	public long maxLength() {
		return this.maxLength;
	}

	/** @return true if a payload of {@code length} bytes can be announced in this header */
	public boolean fits(long length) {
		return length >= 0 && length <= this.maxLength;
	}

	@Override
	public String toString() {
		return this.bytes + "-byte header";
	}

}
