package dev.bufferedsockets.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import dev.bufferedsockets.protocol.FrameEncoder;

/**
 * The requests a run sends, encoded once before it starts, and the reply each must get.
 *
 * <p>There are a few distinct payloads ("variants") of exactly {@code payloadBytes} bytes. Frame
 * {@code n} of every connection carries variant {@code n % variants}, so the reply expected for
 * the n-th reply is known without any bookkeeping, and a lost, doubled or reordered reply shows
 * as a mismatch. The frames are laid out back to back in one read-only direct buffer, repeated
 * until it is long enough that a deep pipeline goes out in a few large writes.
 *
 * <p>Expected replies are computed with {@link String}'s code point methods, independently of the
 * server's own UTF-8 code, as Python's {@code payload[10:]} would.
 */
public final class RequestStream {

	private static final int MAX_VARIANTS = 16;

	/** Frames are repeated until the stream holds about this many bytes (at least one pass of variants). */
	private static final int TARGET_STREAM_BYTES = 64 * 1024;

	/** Variants are dropped for big payloads so the stream stays within this many bytes. */
	private static final int MAX_STREAM_BYTES = 16 * 1024 * 1024;

	private static final byte[][] ALPHABET = encodeEach("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ");

	/** 2-, 3- and 4-byte characters (emoji among them), and a combining mark that is a code point of its own. */
	private static final byte[][] MULTI_BYTE = encodeEach("éßЖ中文\u0301\uD83D\uDE00\uD834\uDD1E\uD800\uDF48");

	private final int payloadBytes;

	private final int variants;

	private final ByteBuffer frames;

	private final byte[][] expectedReplies;

	private RequestStream(int payloadBytes, int variants, ByteBuffer frames, byte[][] expectedReplies) {
		this.payloadBytes = payloadBytes;
		this.variants = variants;
		this.frames = frames;
		this.expectedReplies = expectedReplies;
	}

	/**
	 * Generate the payloads for one run; the same arguments always give the same bytes.
	 * @param truncateChars code points the server drops from the start of each payload
	 */
	public static RequestStream generate(int payloadBytes, PayloadText text, int truncateChars) {
		int frameBytes = 4 + payloadBytes;
		int variants = (int) Math.max(1, Math.min(MAX_VARIANTS, MAX_STREAM_BYTES / frameBytes));
		int repeats = Math.max(1, TARGET_STREAM_BYTES / (variants * frameBytes));
		byte[][] payloads = new byte[variants][];
		byte[][] replies = new byte[variants][];
		for (int v = 0; v < variants; v++) {
			payloads[v] = payload(payloadBytes, text, new SplittableRandom(v * 7919L + payloadBytes));
			replies[v] = expectedReply(payloads[v], truncateChars);
		}
		ByteBuffer frames = ByteBuffer.allocateDirect(repeats * variants * frameBytes);
		for (int r = 0; r < repeats; r++) {
			for (byte[] payload : payloads) {
				FrameEncoder.DEFAULT.encode(payload, frames);
			}
		}
		return new RequestStream(payloadBytes, variants, frames.flip().asReadOnlyBuffer(), replies);
	}

	/** @return payload bytes of every request */
	public int payloadBytes() {
		return this.payloadBytes;
	}

	/** @return header plus payload bytes of every request */
	public int frameBytes() {
		return 4 + this.payloadBytes;
	}

	/** @return bytes in one pass of the stream; frames never straddle its end */
	public int streamBytes() {
		return this.frames.capacity();
	}

	/** @return a private view of the encoded frames, for one connection to write from */
	public ByteBuffer newView() {
		return this.frames.duplicate();
	}

	/** @return the payload the {@code n}-th reply on a connection must carry (do not modify) */
	public byte[] expectedReply(long n) {
		return this.expectedReplies[(int) (n % this.variants)];
	}

	/**
	 * Python's {@code payload.decode()[n:].encode()}, computed on decoded text, independently of the
	 * protocol module's byte-level truncation, so that a bug there cannot hide behind shared code.
	 */
	static byte[] expectedReply(byte[] payload, int truncateChars) {
		String text = new String(payload, StandardCharsets.UTF_8);
		int drop = Math.min(truncateChars, text.codePointCount(0, text.length()));
		return text.substring(text.offsetByCodePoints(0, drop)).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] payload(int bytes, PayloadText text, SplittableRandom random) {
		byte[] payload = new byte[bytes];
		int i = 0;
		while (i < bytes) {
			byte[] character = (text == PayloadText.MIXED && random.nextInt(3) == 0)
					? MULTI_BYTE[random.nextInt(MULTI_BYTE.length)] : ALPHABET[random.nextInt(ALPHABET.length)];
			if (character.length <= bytes - i) { // near the end only ASCII fits; it is always drawn eventually
				System.arraycopy(character, 0, payload, i, character.length);
				i += character.length;
			}
		}
		return payload;
	}

	private static byte[][] encodeEach(String characters) {
		return characters.codePoints()
			.mapToObj(c -> new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8))
			.toArray(byte[][]::new);
	}

}
