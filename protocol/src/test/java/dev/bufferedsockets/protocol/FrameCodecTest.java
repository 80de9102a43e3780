package dev.bufferedsockets.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FrameCodecTest {

	private static final int MIB = 1024 * 1024;

	private static final String MULTIBYTE_TEXT = "héllo wörld – 日本語 😀 𝄞 ok";

	private static final byte[] MULTIBYTE = MULTIBYTE_TEXT.getBytes(StandardCharsets.UTF_8);

	private static final String SEED = "Four score and seven years ago";

	@Test
	void frameSplitAtEveryBytePositionDecodesTheSamePayload() throws IOException {
		byte[] frame = FrameEncoder.DEFAULT.encode(MULTIBYTE);
		FrameCodec codec = new FrameCodec(1024, 1024);
		for (int p = 1; p < frame.length; p++) {
			RecordingInputStream in = RecordingInputStream.splitAt(frame, p);
			assertThat(codec.readFrame(in)).as("payload of a frame split at byte %d", p).isEqualTo(MULTIBYTE);
			assertThat(in.position()).as("bytes consumed for a frame split at byte %d", p).isEqualTo(frame.length);
			assertThat(codec.readFrame(in)).as("read after the only frame, split at byte %d", p).isNull();
		}
	}

	@Test
	void frameSplitAtEveryPairOfBytePositionsDecodesTheSamePayload() throws IOException {
		byte[] frame = FrameEncoder.DEFAULT.encode(MULTIBYTE);
		FrameCodec codec = new FrameCodec(7, 1024);
		for (int p = 1; p < frame.length; p++) {
			for (int q = p + 1; q < frame.length; q++) {
				RecordingInputStream in = RecordingInputStream.splitAt(frame, p, q);
				assertThat(codec.readFrame(in)).as("payload of a frame split at bytes %d and %d", p, q)
					.isEqualTo(MULTIBYTE);
			}
		}
	}

	@Test
	void frameArrivingInPiecesOfAnySizeDecodesTheSamePayload() throws IOException {
		byte[] frame = FrameEncoder.DEFAULT.encode(MULTIBYTE);
		FrameCodec codec = new FrameCodec(1024, 1024);
		for (int k = 1; k <= frame.length; k++) {
			RecordingInputStream in = RecordingInputStream.atMostPerRead(frame, k);
			assertThat(codec.readFrame(in)).as("payload arriving %d bytes per read", k).isEqualTo(MULTIBYTE);
			assertThat(in.position()).isEqualTo(frame.length);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 4, 5, 7, 1024, 65536 })
	void backToBackFramesDecodeInOrderAndLeaveTheStreamRightAfterEachFrame(int bufferSize) throws IOException {
		byte[][] payloads = { SEED.getBytes(StandardCharsets.UTF_8), new byte[0], MULTIBYTE, utf8OfExactly(3000),
				"x".getBytes(StandardCharsets.UTF_8), };
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] payload : payloads) {
			all.write(FrameEncoder.DEFAULT.encode(payload));
		}
		RecordingInputStream in = RecordingInputStream.of(all.toByteArray());
		FrameCodec codec = new FrameCodec(bufferSize, 1 << 16);
		int frameEnd = 0;
		for (int i = 0; i < payloads.length; i++) {
			byte[] decoded = codec.readFrame(in);
			frameEnd += FrameCodec.HEADER_BYTES + payloads[i].length;
			assertThat(decoded).as("frame %d", i).isEqualTo(payloads[i]);
			assertThat(in.position())
				.as("bytes consumed after frame %d (bufferSize %d): the codec must not read into the next frame", i,
						bufferSize)
				.isEqualTo(frameEnd);
		}
		assertThat(codec.readFrame(in)).as("read after the last frame").isNull();
	}

	@Test
	void readingOneFrameLeavesTheNextFrameUnread() throws IOException {
		byte[] first = FrameEncoder.DEFAULT.encode(SEED.getBytes(StandardCharsets.UTF_8));
		byte[] second = FrameEncoder.DEFAULT.encode(MULTIBYTE);
		byte[] both = concat(first, second);
		// A stream that would happily hand over everything in one read.
		RecordingInputStream in = RecordingInputStream.of(both);
		FrameCodec codec = new FrameCodec(65536, 1 << 20);

		assertThat(codec.readFrame(in)).isEqualTo(SEED.getBytes(StandardCharsets.UTF_8));
		assertThat(in.position()).as("bytes consumed by the first frame").isEqualTo(first.length);
		assertThat(in.remaining()).as("bytes of the second frame still unread").isEqualTo(second.length);
		assertThat(in.requestedLengths()).as("no read may ask past the first frame")
			.allSatisfy((len) -> assertThat(len).isLessThanOrEqualTo(first.length));

		assertThat(codec.readFrame(in)).isEqualTo(MULTIBYTE);
		assertThat(in.remaining()).isZero();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 7, 1024 })
	void readsNeverAskForMoreThanBufferSize(int bufferSize) throws IOException {
		byte[][] payloads = { new byte[0], MULTIBYTE, utf8OfExactly(5000), utf8OfExactly(FrameCodec.SPECULATIVE_ALLOCATION_BYTES + 4099) };
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] payload : payloads) {
			all.write(FrameEncoder.DEFAULT.encode(payload));
		}
		RecordingInputStream in = RecordingInputStream.of(all.toByteArray());
		FrameCodec codec = new FrameCodec(bufferSize, 4 * MIB);
		for (byte[] payload : payloads) {
			assertThat(codec.readFrame(in)).isEqualTo(payload);
		}
		assertThat(codec.readFrame(in)).isNull();
		assertThat(in.requestedLengths()).as("len of every read call").isNotEmpty();
		assertThat(in.maxRequestedLength()).as("largest len asked of the stream with bufferSize %d", bufferSize)
			.isLessThanOrEqualTo(bufferSize);
	}

	@Test
	void zeroLengthFrameDecodesToAnEmptyArray() throws IOException {
		RecordingInputStream in = RecordingInputStream.of(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1, 'a' });
		FrameCodec codec = new FrameCodec(1024, 1024);
		assertThat(codec.readFrame(in)).isNotNull().isEmpty();
		assertThat(in.position()).isEqualTo(4);
		assertThat(codec.readFrame(in)).isEqualTo(new byte[] { 'a' });
	}

	@Test
	void zeroLengthFrameIsAcceptedWithAZeroLimit() throws IOException {
		FrameCodec codec = new FrameCodec(1024, 0);
		assertThat(codec.readFrame(RecordingInputStream.of(new byte[4]))).isEmpty();
		FrameTooLargeException ex = catchThrowableOfType(FrameTooLargeException.class,
				() -> codec.readFrame(RecordingInputStream.of(new byte[] { 0, 0, 0, 1, 'a' })));
		assertThat(ex).isNotNull();
		assertThat(ex.announcedBytes()).isEqualTo(1);
		assertThat(ex.maxBytes()).isZero();
	}

	@Test
	void cleanEndOfStreamBeforeAHeaderReturnsNull() throws IOException {
		assertThat(new FrameCodec(1024, 1024).readFrame(RecordingInputStream.of(new byte[0]))).isNull();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3 })
	void endOfStreamInsideTheHeaderIsATruncatedFrame(int headerBytes) {
		byte[] partial = Arrays.copyOf(new byte[] { 0, 0, 0, 5 }, headerBytes);
		assertThatThrownBy(() -> new FrameCodec(1024, 1024).readFrame(RecordingInputStream.of(partial)))
			.isInstanceOf(TruncatedFrameException.class)
			.hasMessageContaining("header");
	}

	@Test
	void endOfStreamRightAfterTheHeaderIsATruncatedFrame() {
		assertThatThrownBy(
				() -> new FrameCodec(1024, 1024).readFrame(RecordingInputStream.of(new byte[] { 0, 0, 0, 5 })))
			.isInstanceOf(TruncatedFrameException.class)
			.hasMessageContaining("payload");
	}

	@Test
	void endOfStreamInsideThePayloadIsATruncatedFrame() {
		byte[] frame = FrameEncoder.DEFAULT.encode(SEED.getBytes(StandardCharsets.UTF_8));
		for (int cut = FrameCodec.HEADER_BYTES + 1; cut < frame.length; cut++) {
			byte[] partial = Arrays.copyOf(frame, cut);
			assertThatThrownBy(() -> new FrameCodec(3, 1024).readFrame(RecordingInputStream.of(partial)))
				.as("frame cut after %d of %d bytes", cut, frame.length)
				.isInstanceOf(TruncatedFrameException.class)
				.hasMessageContaining("payload");
		}
	}

	@Test
	void truncatedFrameIsAFrameException() {
		Throwable thrown = catchThrowableOfType(TruncatedFrameException.class,
				() -> new FrameCodec(1024, 1024).readFrame(RecordingInputStream.of(new byte[] { 0, 0 })));
		assertThat(thrown).isInstanceOf(FrameException.class);
		assertThat(((FrameException) thrown).cause()).isEqualTo(FailureCause.TRUNCATED_FRAME);
	}

	@Test
	void payloadExactlyAtTheLimitIsAccepted() throws IOException {
		byte[] payload = utf8OfExactly(100);
		assertThat(new FrameCodec(1024, 100).readFrame(RecordingInputStream.of(FrameEncoder.DEFAULT.encode(payload))))
			.isEqualTo(payload);
	}

	@Test
	void headerOneAboveTheLimitIsTooLarge() {
		FrameTooLargeException ex = catchThrowableOfType(FrameTooLargeException.class,
				() -> new FrameCodec(1024, 100).readFrame(RecordingInputStream.of(FrameEncoder.DEFAULT.encode(utf8OfExactly(101)))));
		assertThat(ex).as("exception for a 101-byte frame with a 100-byte limit").isNotNull();
		assertThat(ex.announcedBytes()).isEqualTo(101);
		assertThat(ex.maxBytes()).isEqualTo(100);
		assertThat(ex.cause()).isEqualTo(FailureCause.FRAME_TOO_LARGE);
	}

	@ParameterizedTest
	@ValueSource(longs = { 16L * MIB + 1, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL })
	void headerAboveLimitClosesBeforeAllocating(long announced) throws IOException {
		FrameCodec codec = new FrameCodec(65536, 16 * MIB);
		byte[] bytes = concat(header(announced), utf8OfExactly(4096));

		// Warm up, so that class loading and interpreter costs are not measured.
		for (int i = 0; i < 50; i++) {
			catchThrowableOfType(FrameTooLargeException.class, () -> codec.readFrame(RecordingInputStream.of(bytes)));
		}

		RecordingInputStream in = RecordingInputStream.of(bytes);
		long before = allocatedBytes();
		FrameTooLargeException ex = catchThrowableOfType(FrameTooLargeException.class, () -> codec.readFrame(in));
		long allocated = allocatedBytes() - before;

		assertThat(ex).as("exception for a header announcing %d bytes", announced).isNotNull();
		assertThat(ex.announcedBytes()).as("announced length, read as an unsigned 32-bit number")
			.isEqualTo(announced);
		assertThat(ex.maxBytes()).isEqualTo(16 * MIB);
		assertThat(ex.getMessage()).contains(Long.toString(announced));
		assertThat(allocated).as("bytes allocated refusing a header announcing %d bytes", announced)
			.isLessThan(64 * 1024);
		assertThat(in.position()).as("bytes consumed: the header and no payload byte")
			.isEqualTo(FrameCodec.HEADER_BYTES);
	}

	@Test
	void lyingHeaderCostsAtMostTheSpeculativeAllocation() throws IOException {
		FrameCodec codec = new FrameCodec(65536, 32 * MIB);
		byte[] bytes = concat(header(16L * MIB), "0123456789".getBytes(StandardCharsets.US_ASCII));

		for (int i = 0; i < 20; i++) {
			catchThrowableOfType(TruncatedFrameException.class, () -> codec.readFrame(RecordingInputStream.of(bytes)));
		}

		RecordingInputStream in = RecordingInputStream.of(bytes);
		long before = allocatedBytes();
		TruncatedFrameException ex = catchThrowableOfType(TruncatedFrameException.class, () -> codec.readFrame(in));
		long allocated = allocatedBytes() - before;

		assertThat(ex).as("exception for a 16 MiB header followed by 10 bytes").isNotNull();
		assertThat(in.position()).isEqualTo(bytes.length);
		assertThat(allocated).as("bytes allocated for a header announcing 16 MiB followed by only 10 bytes")
			.isLessThanOrEqualTo(2L * MIB);
	}

	@Test
	void allocationMeasurementSeesLargeAllocations() {
		// Guards the allocation tests above: they would pass vacuously if nothing were counted.
		long before = allocatedBytes();
		byte[] big = new byte[4 * MIB];
		long allocated = allocatedBytes() - before;
		assertThat(big).hasSize(4 * MIB);
		assertThat(allocated).as("bytes counted for a 4 MiB array").isGreaterThanOrEqualTo(4L * MIB);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 4093, 65536 })
	void payloadLargerThanTheSpeculativeAllocationRoundTrips(int bufferSize) throws IOException {
		byte[] payload = utf8OfExactly(3 * MIB + 17);
		assertThat(payload.length).isGreaterThan(FrameCodec.SPECULATIVE_ALLOCATION_BYTES);
		FrameCodec codec = new FrameCodec(bufferSize, 16 * MIB);
		RecordingInputStream in = RecordingInputStream.atMostPerRead(FrameEncoder.DEFAULT.encode(payload), 65521);
		byte[] decoded = codec.readFrame(in);
		assertThat(decoded).as("3 MiB + 17 byte payload read with bufferSize %d", bufferSize).hasSize(payload.length);
		assertThat(Arrays.equals(decoded, payload)).as("decoded bytes equal the sent bytes").isTrue();
		assertThat(in.remaining()).isZero();
	}

	@Test
	void invalidUtf8PayloadReportsTheOffsetOfTheBadSequence() {
		byte[] payload = concat("abcé".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				"tail".getBytes(StandardCharsets.UTF_8));
		InvalidUtf8Exception ex = catchThrowableOfType(InvalidUtf8Exception.class,
				() -> new FrameCodec(1024, 1024).readFrame(RecordingInputStream.of(FrameEncoder.DEFAULT.encode(payload))));
		assertThat(ex).as("exception for a payload holding an encoded surrogate").isNotNull();
		assertThat(ex.offset()).isEqualTo(5);
		assertThat(ex.cause()).isEqualTo(FailureCause.INVALID_UTF8);
	}

	@Test
	void invalidUtf8BeyondTheSpeculativeAllocationReportsItsOffset() {
		byte[] payload = utf8OfExactly(FrameCodec.SPECULATIVE_ALLOCATION_BYTES + 1000);
		int bad = FrameCodec.SPECULATIVE_ALLOCATION_BYTES + 500;
		// Overwrite with ASCII around the bad byte so no multi-byte sequence is cut in half.
		Arrays.fill(payload, bad - 8, bad + 8, (byte) 'a');
		payload[bad] = (byte) 0xFF;
		InvalidUtf8Exception ex = catchThrowableOfType(InvalidUtf8Exception.class,
				() -> new FrameCodec(65536, 4 * MIB).readFrame(RecordingInputStream.of(FrameEncoder.DEFAULT.encode(payload))));
		assertThat(ex).isNotNull();
		assertThat(ex.offset()).isEqualTo(bad);
	}

	@Test
	void invalidUtf8AtTheStartOfThePayloadReportsOffsetZero() {
		InvalidUtf8Exception ex = catchThrowableOfType(InvalidUtf8Exception.class,
				() -> new FrameCodec(1024, 1024).readFrame(RecordingInputStream.of(FrameEncoder.DEFAULT.encode(new byte[] { (byte) 0x80 }))));
		assertThat(ex).isNotNull();
		assertThat(ex.offset()).isZero();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 64 * 1024, 64 * 1024 + 1, MIB })
	void writtenFramesReadBackExactly(int size) throws IOException {
		byte[] payload = utf8OfExactly(size);
		FrameCodec codec = new FrameCodec(4096, 2 * MIB);
		RecordingOutputStream out = new RecordingOutputStream();
		codec.writeFrame(out, payload);

		assertThat(out.bytes()).as("bytes written for a %d-byte payload", size).isEqualTo(FrameEncoder.DEFAULT.encode(payload));
		assertThat(out.flushes()).as("flushes after writing a frame").isPositive();
		RecordingInputStream in = RecordingInputStream.of(out.bytes());
		assertThat(codec.readFrame(in)).isEqualTo(payload);
		assertThat(codec.readFrame(in)).isNull();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 30, 64 * 1024 })
	void smallFramesAreWrittenInOneWrite(int size) throws IOException {
		RecordingOutputStream out = new RecordingOutputStream();
		new FrameCodec(1024, 1024).writeFrame(out, utf8OfExactly(size));
		assertThat(out.writes()).as("write calls for a %d-byte payload (header and payload coalesced)", size)
			.isEqualTo(1);
	}

	@Test
	void encodeWritesTheLengthAsUnsignedBigEndian() {
		assertThat(header(FrameEncoder.DEFAULT.encode(new byte[0]))).containsExactly(0x00, 0x00, 0x00, 0x00);
		assertThat(header(FrameEncoder.DEFAULT.encode(new byte[30]))).containsExactly(0x00, 0x00, 0x00, 0x1E);
		assertThat(header(FrameEncoder.DEFAULT.encode(new byte[300]))).containsExactly(0x00, 0x00, 0x01, 0x2C);
		assertThat(header(FrameEncoder.DEFAULT.encode(new byte[70000]))).containsExactly(0x00, 0x01, 0x11, 0x70);
		assertThat(header(FrameEncoder.DEFAULT.encode(new byte[0x01020304]))).containsExactly(0x01, 0x02, 0x03, 0x04);
	}

	@Test
	void seedExampleEncodesWithAHeaderOfThirty() {
		byte[] payload = SEED.getBytes(StandardCharsets.UTF_8);
		byte[] frame = FrameEncoder.DEFAULT.encode(payload);
		assertThat(frame).hasSize(34);
		assertThat(header(frame)).containsExactly(0x00, 0x00, 0x00, 0x1E);
		assertThat(Arrays.copyOfRange(frame, 4, frame.length)).isEqualTo(payload);
	}

	@Test
	void encodeDoesNotShareThePayloadArray() {
		byte[] payload = { 'a', 'b' };
		byte[] frame = FrameEncoder.DEFAULT.encode(payload);
		payload[0] = 'z';
		assertThat(frame).containsExactly(0, 0, 0, 2, 'a', 'b');
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, Integer.MIN_VALUE })
	void constructorRejectsABufferSizeBelowOne(int bufferSize) {
		assertThatIllegalArgumentException().isThrownBy(() -> new FrameCodec(bufferSize, 1024))
			.withMessageContaining("bufferSize");
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, Integer.MIN_VALUE, FrameCodec.MAX_PAYLOAD_BYTES + 1, Integer.MAX_VALUE })
	void constructorRejectsALimitOutsideZeroToMaxPayloadBytes(int maxPayloadBytes) {
		assertThatIllegalArgumentException().isThrownBy(() -> new FrameCodec(1024, maxPayloadBytes))
			.withMessageContaining("maxPayloadBytes");
	}

	@Test
	void constructorAcceptsTheExtremesOfItsRanges() {
		FrameCodec smallest = new FrameCodec(1, 0);
		assertThat(smallest.bufferSize()).isEqualTo(1);
		assertThat(smallest.maxPayloadBytes()).isZero();
		FrameCodec largest = new FrameCodec(Integer.MAX_VALUE, FrameCodec.MAX_PAYLOAD_BYTES);
		assertThat(largest.bufferSize()).isEqualTo(Integer.MAX_VALUE);
		assertThat(largest.maxPayloadBytes()).isEqualTo(FrameCodec.MAX_PAYLOAD_BYTES);
	}

	private static long allocatedBytes() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		assertThat(threads.isThreadAllocatedMemorySupported()).as("thread allocation measurement supported").isTrue();
		if (!threads.isThreadAllocatedMemoryEnabled()) {
			threads.setThreadAllocatedMemoryEnabled(true);
		}
		return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
	}

	private static byte[] header(long length) {
		return new byte[] { (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length };
	}

	private static int[] header(byte[] frame) {
		return new int[] { frame[0] & 0xFF, frame[1] & 0xFF, frame[2] & 0xFF, frame[3] & 0xFF };
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/** @return well-formed UTF-8 of exactly {@code size} bytes, mixing 1- to 4-byte characters */
	static byte[] utf8OfExactly(int size) {
		int[] codePoints = { 'a', 'Z', ' ', 'é', 'ß', '–', '日', 'ｱ', 0x1F600, 0x1D11E, '7', '\n' };
		StringBuilder text = new StringBuilder(size);
		int bytes = 0;
		int i = 0;
		while (bytes < size) {
			int cp = codePoints[i++ % codePoints.length];
			int length = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
			if (bytes + length > size) {
				cp = 'x';
				length = 1;
			}
			text.appendCodePoint(cp);
			bytes += length;
		}
		byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
		assertThat(utf8).hasSize(size);
		return utf8;
	}

	/**
	 * Hands out its bytes in pieces: at most {@code maxPerRead} per call, and never across a
	 * split point. Records the {@code len} of every read and how far it has been read.
	 */
	static final class RecordingInputStream extends InputStream {

		private final byte[] data;

		private final int maxPerRead;

		private final int[] splits;

		private final List<Integer> requestedLengths = new ArrayList<>();

		private int position;

		private RecordingInputStream(byte[] data, int maxPerRead, int... splits) {
			this.data = data;
			this.maxPerRead = maxPerRead;
			this.splits = splits;
		}

		static RecordingInputStream of(byte[] data) {
			return new RecordingInputStream(data, Integer.MAX_VALUE);
		}

		static RecordingInputStream splitAt(byte[] data, int... splits) {
			return new RecordingInputStream(data, Integer.MAX_VALUE, splits);
		}

		static RecordingInputStream atMostPerRead(byte[] data, int maxPerRead) {
			return new RecordingInputStream(data, maxPerRead);
		}

		@Override
		public int read() {
			this.requestedLengths.add(1);
			if (this.position >= this.data.length) {
				return -1;
			}
			return this.data[this.position++] & 0xFF;
		}

		@Override
		public int read(byte[] b, int off, int len) {
			this.requestedLengths.add(len);
			if (len == 0) {
				return 0;
			}
			if (this.position >= this.data.length) {
				return -1;
			}
			int limit = this.data.length;
			for (int split : this.splits) {
				if (split > this.position) {
					limit = Math.min(limit, split);
				}
			}
			int n = Math.min(Math.min(len, this.maxPerRead), limit - this.position);
			System.arraycopy(this.data, this.position, b, off, n);
			this.position += n;
			return n;
		}

		int position() {
			return this.position;
		}

		int remaining() {
			return this.data.length - this.position;
		}

		List<Integer> requestedLengths() {
			return this.requestedLengths;
		}

		int maxRequestedLength() {
			return this.requestedLengths.stream().mapToInt(Integer::intValue).max().orElse(0);
		}

	}

	/** Collects what is written and counts the write and flush calls. */
	static final class RecordingOutputStream extends OutputStream {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private int writes;

		private int flushes;

		@Override
		public void write(int b) {
			this.writes++;
			this.bytes.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.writes++;
			this.bytes.write(b, off, len);
		}

		@Override
		public void flush() {
			this.flushes++;
		}

		byte[] bytes() {
			return this.bytes.toByteArray();
		}

		int writes() {
			return this.writes;
		}

		int flushes() {
			return this.flushes;
		}

	}

}
