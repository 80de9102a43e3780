package dev.bufferedsockets.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.management.ThreadMXBean;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz targets (Jazzer) for everything in this module that parses bytes: the
 * incremental and the blocking decoder, the UTF-8 check and the code-point truncation. Each
 * target checks its code against an independent reference and lets nothing escape but the
 * codec's own {@link FrameException}: any other exception or a failed assertion is a finding.
 *
 * <p>In the normal build each target runs once per file of its seed corpus, in
 * {@code src/test/resources/dev/bufferedsockets/protocol/ProtocolFuzzTestInputs/<method>/};
 * {@code mvn -Pfuzz test -pl protocol -Dfuzz.target=<method>} fuzzes one of them. A seed is what
 * the {@link FuzzedDataProvider} reads: a target's settings (limit, chunk sizes, counts) come from
 * the end of the file, last byte first, and the bytes under test are what is left at its front.
 * Every target is bounded by the length of its input (no loop waits on anything else), and
 * {@link Timeout} is also the fuzzer's limit per input, so a hang is a finding too.
 */
@Timeout(10)
class ProtocolFuzzTest {

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

	/** A frame timeout no fuzz input gets near: stalls are simulated, never waited for. */
	private static final Duration NEVER = Duration.ofHours(1);

	/**
	 * What the incremental decoder may allocate beyond what its input justifies: the exception it
	 * throws (with its stack trace and message), with room to spare.
	 */
	private static final long ALLOCATION_SLACK_BYTES = 64 * 1024;

	static {
		// Load and link every class and call site a decode can touch, so that the first measured
		// input is not charged for them.
		byte[] warmUp = { 0, 0, 0, 2, 'o', 'k', 0, 0, 0, 1, (byte) 0xFF, 0, 0, 0, 9, 0, 0 };
		for (int limit : new int[] { 1, 100 }) {
			for (int cut = 0; cut <= warmUp.length; cut++) {
				decode(Arrays.copyOf(warmUp, cut), limit, new int[] { 1 + cut % 3 }, cut % 2 == 0);
			}
		}
	}

	/**
	 * Arbitrary bytes cut into arbitrary chunks: the incremental decoder emits exactly the frames a
	 * plain reference decoder finds, and refuses exactly where it does, whatever the chunking; and
	 * it allocates no more than the bytes that arrived justify.
	 *
	 * <p>The allocation bound: a complete frame costs its payload array, that is its payload bytes
	 * plus a 16-byte array header and up to 7 bytes of padding, and took at least its 4 header bytes
	 * on the wire, so less than 8 bytes per byte fed; the one frame still in progress holds at most
	 * {@link FrameCodec#SPECULATIVE_ALLOCATION_BYTES} beyond what arrived (larger payloads grow by
	 * doubling only once their buffer is full, so at most 4 bytes per byte that arrived); and a
	 * refusal costs its exception ({@link #ALLOCATION_SLACK_BYTES}). The chunks and the list of
	 * frames are made before the measurement: they are the test's, not the decoder's.
	 */
	@FuzzTest(maxDuration = "10m")
	void incrementalDecoderAgreesWithAReferenceDecoderWhateverTheChunking(FuzzedDataProvider data) {
		int maxPayloadBytes = maxPayloadBytes(data);
		int[] chunkSizes = chunkSizes(data);
		boolean direct = data.consumeBoolean();
		byte[] wire = data.consumeRemainingAsBytes();

		Outcome expected = referenceDecode(wire, maxPayloadBytes);
		Outcome whole = decode(wire, maxPayloadBytes, new int[] { Math.max(1, wire.length) }, false);
		assertThat(whole).as(() -> "decoded in one buffer, limit " + maxPayloadBytes + ": " + hex(wire))
			.isEqualTo(expected);

		List<ByteBuffer> chunks = chunks(wire, chunkSizes, direct);
		List<byte[]> frames = new ArrayList<>(wire.length / FrameCodec.HEADER_BYTES + 1);
		FrameDecoder decoder = new FrameDecoder(maxPayloadBytes);
		long before = THREADS.getCurrentThreadAllocatedBytes();
		FrameException failure = feed(decoder, chunks, frames);
		long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

		assertThat(new Outcome(frames, failure))
			.as(() -> "decoded in chunks of " + Arrays.toString(chunkSizes) + (direct ? " (direct)" : "")
					+ ", limit " + maxPayloadBytes + ": " + hex(wire))
			.isEqualTo(expected);
		assertThat(allocated).as(() -> "bytes allocated decoding " + wire.length + " bytes: " + hex(wire))
			.isLessThanOrEqualTo(FrameCodec.SPECULATIVE_ALLOCATION_BYTES + 8L * wire.length + ALLOCATION_SLACK_BYTES);
	}

	/**
	 * The blocking reader ({@link FrameCodec#readFrame}) over a stream that returns arbitrary short
	 * reads and now and then a read timeout: the same frames and the same refusal as the
	 * incremental decoder; no read asks for more than {@code bufferSize}; each frame is read
	 * without taking a byte of the next one; and a timeout inside a frame is absorbed by the frame
	 * timeout while one between frames reaches the caller, as the server's idle check expects.
	 */
	@FuzzTest(maxDuration = "10m")
	void blockingReaderAgreesWithTheIncrementalDecoderWhateverTheReads(FuzzedDataProvider data) {
		int maxPayloadBytes = maxPayloadBytes(data);
		int bufferSize = data.consumeBoolean() ? data.consumeInt(1, 16) : data.consumeInt(1, 8192);
		int[] readSizes = chunkSizes(data);
		long timeouts = data.consumeLong();
		byte[] wire = data.consumeRemainingAsBytes();

		Outcome expected = decode(wire, maxPayloadBytes, new int[] { Math.max(1, wire.length) }, false);
		ShortReadStream in = new ShortReadStream(wire, readSizes, timeouts);
		FrameCodec codec = new FrameCodec(bufferSize, maxPayloadBytes, NEVER);
		List<byte[]> frames = new ArrayList<>();
		FrameException failure = null;
		int frameEnd = 0;
		while (true) { // each pass reads a frame (at least 4 bytes), ends, or follows a read that did not time out
			byte[] frame;
			try {
				frame = codec.readFrame(in);
			}
			catch (FrameException refused) {
				failure = refused;
				break;
			}
			catch (SocketTimeoutException idle) {
				assertThat(in.position()).as(() -> "where a timeout reached the caller: between frames, in " + hex(wire))
					.isEqualTo(frameEnd);
				continue;
			}
			catch (IOException unexpected) {
				throw new AssertionError("the stream fails only with timeouts: " + unexpected, unexpected);
			}
			if (frame == null) {
				break;
			}
			frames.add(frame);
			frameEnd += FrameEncoder.DEFAULT.frameBytes(frame.length);
			int end = frameEnd;
			assertThat(in.position()).as(() -> "bytes taken for " + frames.size() + " frames of " + hex(wire))
				.isEqualTo(end);
		}
		assertThat(new Outcome(frames, failure))
			.as(() -> "read with bufferSize " + bufferSize + ", reads of " + Arrays.toString(readSizes) + ", limit "
					+ maxPayloadBytes + ": " + hex(wire))
			.isEqualTo(expected);
		assertThat(in.largestRequest()).as("largest read asked of the stream").isLessThanOrEqualTo(bufferSize);
	}

	/**
	 * {@link Utf8#indexOfInvalid} on arbitrary bytes and an arbitrary range of them: the offset at
	 * which the JDK's strict decoder stops on that range, and -1 exactly when it decodes it all.
	 */
	@FuzzTest(maxDuration = "10m")
	void utf8CheckAgreesWithTheJdkStrictDecoder(FuzzedDataProvider data) {
		int skipFront = data.consumeInt(0, 15);
		int skipBack = data.consumeInt(0, 15);
		byte[] bytes = data.consumeRemainingAsBytes();
		int from = Math.min(skipFront, bytes.length);
		int to = Math.max(from, bytes.length - skipBack);

		int expected = Texts.firstIllFormedOffset(Arrays.copyOfRange(bytes, from, to));
		assertThat(Utf8.indexOfInvalid(bytes, from, to))
			.as(() -> "first ill-formed offset in [" + from + ", " + to + ") of " + hex(bytes))
			.isEqualTo(expected < 0 ? -1 : from + expected);
	}

	/**
	 * {@link Utf8#offsetAfterCodePoints} on well-formed UTF-8 (the longest well-formed prefix of the
	 * input) and any count: the byte length of what Java's strings skip for that many code points,
	 * the server's truncation of the decoded text. On arbitrary bytes it still stays in range.
	 */
	@FuzzTest(maxDuration = "10m")
	void truncationAgreesWithJavaStringsOnValidUtf8(FuzzedDataProvider data) {
		int codePoints = data.consumeBoolean() ? data.consumeInt(0, 20) : data.consumeInt(0, Integer.MAX_VALUE);
		byte[] bytes = data.consumeRemainingAsBytes();
		int illFormed = Texts.firstIllFormedOffset(bytes);
		byte[] utf8 = (illFormed < 0) ? bytes : Arrays.copyOf(bytes, illFormed);
		String text = new String(utf8, StandardCharsets.UTF_8);

		int expected = utf8.length - Texts.dropCodePoints(text, codePoints).getBytes(StandardCharsets.UTF_8).length;
		assertThat(Utf8.offsetAfterCodePoints(utf8, codePoints))
			.as(() -> "offset after " + codePoints + " code points of " + hex(utf8))
			.isEqualTo(expected);
		assertThat(Utf8.offsetAfterCodePoints(bytes, codePoints))
			.as(() -> "offset after " + codePoints + " code points of arbitrary bytes " + hex(bytes))
			.isBetween(0, bytes.length);
	}

	/** Mostly the largest limit there is; sometimes a small one, so refusals come often. */
	private static int maxPayloadBytes(FuzzedDataProvider data) {
		return data.consumeBoolean() ? data.consumeInt(0, 64) : FrameCodec.MAX_PAYLOAD_BYTES;
	}

	/** One to eight sizes of 1 to 256 bytes, used in turn. */
	private static int[] chunkSizes(FuzzedDataProvider data) {
		int[] sizes = new int[data.consumeInt(1, 8)];
		for (int i = 0; i < sizes.length; i++) {
			sizes[i] = data.consumeInt(1, 256);
		}
		return sizes;
	}

	/** @return the bytes as consecutive buffers of the given sizes in turn (the last one shorter) */
	private static List<ByteBuffer> chunks(byte[] wire, int[] sizes, boolean direct) {
		List<ByteBuffer> chunks = new ArrayList<>();
		for (int offset = 0, next = 0; offset < wire.length; next++) {
			int size = Math.min(sizes[next % sizes.length], wire.length - offset);
			chunks.add(direct ? ByteBuffer.allocateDirect(size).put(wire, offset, size).flip()
					: ByteBuffer.wrap(wire, offset, size));
			offset += size;
		}
		return chunks;
	}

	private static Outcome decode(byte[] wire, int maxPayloadBytes, int[] chunkSizes, boolean direct) {
		List<byte[]> frames = new ArrayList<>();
		FrameException failure = feed(new FrameDecoder(maxPayloadBytes), chunks(wire, chunkSizes, direct), frames);
		return new Outcome(frames, failure);
	}

	/** @return the decoder's refusal, or null if the bytes were frames to the end */
	private static FrameException feed(FrameDecoder decoder, List<ByteBuffer> chunks, List<byte[]> frames) {
		try {
			for (ByteBuffer chunk : chunks) {
				decoder.decode(chunk, frames);
				if (chunk.hasRemaining()) {
					throw new AssertionError("decode left " + chunk.remaining() + " bytes of a chunk unread");
				}
			}
			decoder.endOfStream();
			return null;
		}
		catch (FrameException refused) {
			return refused;
		}
	}

	/**
	 * The frame format read the plainest way, sharing no code with the decoder: unsigned header,
	 * limit, payload, the JDK's strict UTF-8 check. The refusal it reports is built with the
	 * codec's exception types, so that the comparison covers what the codec tells a peer.
	 */
	private static Outcome referenceDecode(byte[] wire, int maxPayloadBytes) {
		List<byte[]> frames = new ArrayList<>();
		int at = 0;
		while (at < wire.length) {
			int left = wire.length - at;
			if (left < FrameCodec.HEADER_BYTES) {
				return new Outcome(frames, new TruncatedFrameException("header", left, FrameCodec.HEADER_BYTES));
			}
			long length = 0;
			for (int i = 0; i < FrameCodec.HEADER_BYTES; i++) {
				length = (length << 8) | (wire[at++] & 0xFF);
			}
			if (length > maxPayloadBytes) {
				return new Outcome(frames, new FrameTooLargeException(length, maxPayloadBytes));
			}
			left = wire.length - at;
			if (left < length) {
				return new Outcome(frames, new TruncatedFrameException("payload", left, length));
			}
			byte[] payload = Arrays.copyOfRange(wire, at, at + (int) length);
			at += payload.length;
			int illFormed = Texts.firstIllFormedOffset(payload);
			if (illFormed >= 0) {
				return new Outcome(frames, new InvalidUtf8Exception(illFormed, payload.length));
			}
			frames.add(payload);
		}
		return new Outcome(frames, null);
	}

	private static String hex(byte[] bytes) {
		return "[" + HEX.formatHex(bytes) + "]";
	}

	/**
	 * What decoding some bytes came to: the frames, then the refusal if there was one. Equal when
	 * the payloads are equal byte for byte and the refusals are of one type with one message.
	 */
	private record Outcome(List<byte[]> frames, FrameException failure) {

		@Override
		public boolean equals(Object other) {
			if (!(other instanceof Outcome that) || this.frames.size() != that.frames.size()) {
				return false;
			}
			for (int i = 0; i < this.frames.size(); i++) {
				if (!Arrays.equals(this.frames.get(i), that.frames.get(i))) {
					return false;
				}
			}
			return (this.failure == null) ? that.failure == null
					: that.failure != null && this.failure.getClass() == that.failure.getClass()
							&& Objects.equals(this.failure.getMessage(), that.failure.getMessage());
		}

		@Override
		public int hashCode() {
			return this.frames.size();
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder("frames [");
			for (byte[] frame : this.frames) {
				text.append(hex(frame));
			}
			return text.append("], then ").append((this.failure != null) ? this.failure : "a clean end").toString();
		}

	}

	/**
	 * A stream of the given bytes that returns at most the next of the given sizes per read, in
	 * turn, and before some reads (the set bits of {@code timeouts}, one per read) throws a read
	 * timeout instead: never twice in a row, so every other call makes progress.
	 */
	private static final class ShortReadStream extends InputStream {

		/** One instance for every throw: a fresh stack trace per simulated timeout would cost more than the read. */
		private static final SocketTimeoutException TIMEOUT = new SocketTimeoutException("simulated read timeout");

		private final byte[] bytes;

		private final int[] sizes;

		private final long timeouts;

		private int position;

		private int calls;

		private boolean timedOut;

		private int largestRequest;

		ShortReadStream(byte[] bytes, int[] sizes, long timeouts) {
			this.bytes = bytes;
			this.sizes = sizes;
			this.timeouts = timeouts;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			Objects.checkFromIndexSize(offset, length, target.length);
			this.largestRequest = Math.max(this.largestRequest, length);
			int call = this.calls++;
			if (!this.timedOut && (this.timeouts & (1L << (call % Long.SIZE))) != 0) {
				this.timedOut = true;
				throw TIMEOUT;
			}
			this.timedOut = false;
			if (length == 0) {
				return 0;
			}
			if (this.position >= this.bytes.length) {
				return -1;
			}
			int n = Math.min(Math.min(length, this.sizes[call % this.sizes.length]), this.bytes.length - this.position);
			System.arraycopy(this.bytes, this.position, target, offset, n);
			this.position += n;
			return n;
		}

		int position() {
			return this.position;
		}

		int largestRequest() {
			return this.largestRequest;
		}

	}

}
