package dev.bufferedsockets.cli;

import java.nio.ByteBuffer;

import dev.bufferedsockets.protocol.Utf8;

/**
 * The protocol's UTF-8 check ({@link Utf8#indexOfInvalid}) over a payload that passes in pieces:
 * a sequence cut between two pieces is held back (at most 3 bytes) until the rest arrives, so the
 * offset found is the one a check of the whole payload would find, without keeping the payload.
 */
final class Utf8Scan {

	private final byte[] pending = new byte[4];

	private int pendingLength;

	/** Payload offset of the first byte not yet checked (the first pending byte, if any). */
	private long offset;

	private long invalidAt = -1;

	/** Start a new payload. */
	void reset() {
		this.pendingLength = 0;
		this.offset = 0;
		this.invalidAt = -1;
	}

	/** @return the payload offset of the first byte of the first ill-formed sequence, or -1 so far */
	long invalidAt() {
		return this.invalidAt;
	}

	/** Check the next piece, a heap buffer, without moving its position. */
	void accept(ByteBuffer piece) {
		if (this.invalidAt >= 0) {
			return;
		}
		byte[] bytes = piece.array();
		int start = piece.arrayOffset() + piece.position();
		int end = start + piece.remaining();
		if (this.pendingLength > 0) {
			int needed = sequenceLength(this.pending[0]) - this.pendingLength;
			int taken = Math.min(needed, end - start);
			System.arraycopy(bytes, start, this.pending, this.pendingLength, taken);
			this.pendingLength += taken;
			start += taken;
			if (taken < needed) {
				return;
			}
			if (Utf8.indexOfInvalid(this.pending, 0, this.pendingLength) >= 0) {
				this.invalidAt = this.offset;
				return;
			}
			this.offset += this.pendingLength;
			this.pendingLength = 0;
		}
		int cut = incompleteTail(bytes, start, end);
		int invalid = Utf8.indexOfInvalid(bytes, start, cut);
		if (invalid >= 0) {
			this.invalidAt = this.offset + (invalid - start);
			return;
		}
		this.offset += cut - start;
		System.arraycopy(bytes, cut, this.pending, 0, end - cut);
		this.pendingLength = end - cut;
	}

	/** The payload is complete: a sequence still waiting for its last bytes is ill-formed. */
	void end() {
		if (this.invalidAt < 0 && this.pendingLength > 0) {
			this.invalidAt = this.offset;
		}
	}

	/** @return where a sequence starts that {@code [start, end)} ends in the middle of, or {@code end} */
	private static int incompleteTail(byte[] bytes, int start, int end) {
		for (int i = end - 1; i >= Math.max(start, end - 3); i--) {
			if ((bytes[i] & 0xC0) == 0xC0) {
				return (sequenceLength(bytes[i]) > end - i) ? i : end;
			}
			if ((bytes[i] & 0x80) == 0) {
				return end;
			}
		}
		return end;
	}

	private static int sequenceLength(byte lead) {
		int b = lead & 0xFF;
		return (b < 0xE0) ? 2 : (b < 0xF0) ? 3 : 4;
	}

}
