package dev.bufferedsockets.protocol;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FrameDecoderTest {

	private static final int MIB = 1024 * 1024;

	private static final byte[] MULTIBYTE = "héllo wörld – 日本語 😀 𝄞 ok".getBytes(StandardCharsets.UTF_8);

	private static final byte[] SEED = "Four score and seven years ago".getBytes(StandardCharsets.UTF_8);

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	@Test
	void frameSplitAtEveryBytePositionDecodesTheSamePayload() throws FrameException {
		byte[] frame = FrameEncoder.DEFAULT.encode(MULTIBYTE);
		for (int p = 1; p < frame.length; p++) {
			FrameDecoder decoder = new FrameDecoder(1024);
			List<byte[]> frames = new ArrayList<>();
			decoder.decode(ByteBuffer.wrap(frame, 0, p), frames);
			assertThat(frames).as("frames after the first %d bytes", p).isEmpty();
			assertThat(decoder.hasPartialFrame()).as("partial after %d bytes", p).isTrue();
			decoder.decode(ByteBuffer.wrap(frame, p, frame.length - p), frames);
			assertThat(frames).as("frame split at byte %d", p).containsExactly(MULTIBYTE);
			assertThat(decoder.hasPartialFrame()).isFalse();
		}
	}

	@Test
	void frameFedOneByteAtATimeDecodesTheSamePayload() throws FrameException {
		FrameDecoder decoder = new FrameDecoder(1024);
		List<byte[]> frames = new ArrayList<>();
		for (byte b : FrameEncoder.DEFAULT.encode(SEED)) {
			decoder.decode(ByteBuffer.wrap(new byte[] { b }), frames);
		}
		assertThat(frames).containsExactly(SEED);
	}

	@Test
	void everyCompleteFrameInOneBufferIsEmittedInOrderAndTheRestKept() throws FrameException {
		byte[][] payloads = { SEED, new byte[0], MULTIBYTE, utf8OfExactly(3000), "x".getBytes(StandardCharsets.UTF_8) };
		byte[] wire = concat(Arrays.stream(payloads).map(FrameEncoder.DEFAULT::encode).toArray(byte[][]::new));
		FrameDecoder decoder = new FrameDecoder(1 << 16);
		List<byte[]> frames = new ArrayList<>();
		ByteBuffer input = ByteBuffer.wrap(wire, 0, wire.length - 2);
		decoder.decode(input, frames);
		assertThat(input.hasRemaining()).as("every byte consumed").isFalse();
		assertThat(frames).containsExactly(SEED, new byte[0], MULTIBYTE, payloads[3]);
		assertThat(decoder.hasPartialFrame()).isTrue();
		decoder.decode(ByteBuffer.wrap(wire, wire.length - 2, 2), frames);
		assertThat(frames).hasSize(5).last().isEqualTo(payloads[4]);
	}

	@Test
	void anEmptyFrameIsEmittedWithItsHeader() throws FrameException {
		FrameDecoder decoder = new FrameDecoder(0);
		List<byte[]> frames = new ArrayList<>();
		decoder.decode(ByteBuffer.wrap(new byte[] { 0, 0, 0, 0 }), frames);
		assertThat(frames).singleElement().satisfies(payload -> assertThat(payload).isEmpty());
		assertThat(decoder.hasPartialFrame()).isFalse();
	}

	@Test
	void aFreshDecoderHoldsNoPartialFrameAndEndsCleanly() {
		FrameDecoder decoder = new FrameDecoder(1024);
		assertThat(decoder.hasPartialFrame()).isFalse();
		assertThatCode(decoder::endOfStream).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3 })
	void endOfStreamInsideTheHeaderIsATruncatedFrame(int headerBytes) throws FrameException {
		FrameDecoder decoder = new FrameDecoder(1024);
		decoder.decode(ByteBuffer.wrap(new byte[] { 0, 0, 0, 5 }, 0, headerBytes), new ArrayList<>());
		assertThat(decoder.hasPartialFrame()).isTrue();
		assertThatThrownBy(decoder::endOfStream).isInstanceOf(TruncatedFrameException.class)
			.hasMessage("stream ended after " + headerBytes + " of 4 header bytes");
	}

	@Test
	void endOfStreamInsideThePayloadIsATruncatedFrame() throws FrameException {
		FrameDecoder decoder = new FrameDecoder(1024);
		byte[] frame = FrameEncoder.DEFAULT.encode(SEED);
		decoder.decode(ByteBuffer.wrap(frame, 0, 10), new ArrayList<>());
		TruncatedFrameException ex = catchThrowableOfType(TruncatedFrameException.class, decoder::endOfStream);
		assertThat(ex).hasMessage("stream ended after 6 of 30 payload bytes");
		assertThat(ex.cause()).isEqualTo(FailureCause.TRUNCATED_FRAME);
	}

	@Test
	void aStalledFrameIsDescribedByWhatArrived() throws FrameException {
		FrameDecoder decoder = new FrameDecoder(1024);
		decoder.decode(ByteBuffer.wrap(new byte[] { 0, 0 }), new ArrayList<>());
		assertThat(decoder.stalled(Duration.ofMillis(400)))
			.hasMessage("no bytes for 400 ms in the middle of a frame (2 of 4 header bytes received)");
		decoder.decode(ByteBuffer.wrap(new byte[] { 0, 20, 'a', 'b', 'c' }), new ArrayList<>());
		assertThat(decoder.stalled(Duration.ofSeconds(30)).cause()).isEqualTo(FailureCause.FRAME_TIMEOUT);
		assertThat(decoder.stalled(Duration.ofSeconds(30)))
			.hasMessage("no bytes for 30000 ms in the middle of a frame (3 of 20 payload bytes received)");
	}

	@Test
	void framesBeforeARefusedOneAreAlreadyEmitted() {
		byte[] wire = concat(FrameEncoder.DEFAULT.encode(SEED), FrameEncoder.DEFAULT.encode(MULTIBYTE), header(2),
				new byte[] { (byte) 0xED, (byte) 0xA0 }, FrameEncoder.DEFAULT.encode(SEED));
		List<byte[]> frames = new ArrayList<>();
		InvalidUtf8Exception ex = catchThrowableOfType(InvalidUtf8Exception.class,
				() -> new FrameDecoder(1024).decode(ByteBuffer.wrap(wire), frames));
		assertThat(ex).isNotNull();
		assertThat(ex.offset()).isZero();
		assertThat(frames).containsExactly(SEED, MULTIBYTE);
	}

	@Test
	void invalidUtf8ReportsTheOffsetOfTheBadSequence() {
		byte[] payload = concat("abcé".getBytes(StandardCharsets.UTF_8),
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, "tail".getBytes(StandardCharsets.UTF_8));
		InvalidUtf8Exception ex = catchThrowableOfType(InvalidUtf8Exception.class,
				() -> new FrameDecoder(1024).decode(ByteBuffer.wrap(FrameEncoder.DEFAULT.encode(payload)), new ArrayList<>()));
		assertThat(ex.offset()).isEqualTo(5);
		assertThat(ex.cause()).isEqualTo(FailureCause.INVALID_UTF8);
	}

	@Test
	void payloadExactlyAtTheLimitIsAcceptedAndOneAboveIsRefused() throws FrameException {
		List<byte[]> frames = new ArrayList<>();
		new FrameDecoder(100).decode(ByteBuffer.wrap(FrameEncoder.DEFAULT.encode(utf8OfExactly(100))), frames);
		assertThat(frames).singleElement().satisfies(payload -> assertThat(payload).hasSize(100));
		FrameTooLargeException ex = catchThrowableOfType(FrameTooLargeException.class,
				() -> new FrameDecoder(100).decode(ByteBuffer.wrap(FrameEncoder.DEFAULT.encode(utf8OfExactly(101))), frames));
		assertThat(ex.announcedBytes()).isEqualTo(101);
		assertThat(ex.maxBytes()).isEqualTo(100);
	}

	@ParameterizedTest
	@ValueSource(longs = { 16L * MIB + 1, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL })
	void headerAboveTheLimitIsRefusedBeforeAllocatingAndReadAsUnsigned(long announced) {
		byte[] bytes = concat(header(announced), utf8OfExactly(4096));
		for (int i = 0; i < 50; i++) { // warm up: class loading and the interpreter are not what is measured
			catchThrowableOfType(FrameTooLargeException.class,
					() -> new FrameDecoder(16 * MIB).decode(ByteBuffer.wrap(bytes), new ArrayList<>()));
		}
		FrameDecoder decoder = new FrameDecoder(16 * MIB);
		ByteBuffer input = ByteBuffer.wrap(bytes);
		List<byte[]> frames = new ArrayList<>();
		long before = allocatedBytes();
		FrameTooLargeException ex = catchThrowableOfType(FrameTooLargeException.class, () -> decoder.decode(input, frames));
		long allocated = allocatedBytes() - before;
		assertThat(ex.announcedBytes()).as("announced length, unsigned").isEqualTo(announced);
		assertThat(allocated).as("bytes allocated refusing a header announcing %d bytes", announced)
			.isLessThan(64 * 1024);
		assertThat(input.position()).as("bytes consumed: the header and no payload byte")
			.isEqualTo(FrameCodec.HEADER_BYTES);
	}

	@Test
	void aLyingHeaderCostsAtMostTheSpeculativeAllocation() throws FrameException {
		byte[] bytes = concat(header(16L * MIB), "0123456789".getBytes(StandardCharsets.US_ASCII));
		for (int i = 0; i < 20; i++) {
			new FrameDecoder(32 * MIB).decode(ByteBuffer.wrap(bytes), new ArrayList<>());
		}
		FrameDecoder decoder = new FrameDecoder(32 * MIB);
		long before = allocatedBytes();
		decoder.decode(ByteBuffer.wrap(bytes), new ArrayList<>());
		long allocated = allocatedBytes() - before;
		assertThat(allocated).as("bytes allocated for a header announcing 16 MiB followed by 10 bytes")
			.isGreaterThanOrEqualTo(FrameCodec.SPECULATIVE_ALLOCATION_BYTES)
			.isLessThanOrEqualTo(FrameCodec.SPECULATIVE_ALLOCATION_BYTES + 64 * 1024);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 4093, 65536 })
	void aPayloadLargerThanTheSpeculativeAllocationGrowsAsItArrives(int chunk) throws FrameException {
		byte[] payload = utf8OfExactly(3 * MIB + 17);
		byte[] wire = FrameEncoder.DEFAULT.encode(payload);
		FrameDecoder decoder = new FrameDecoder(16 * MIB);
		List<byte[]> frames = new ArrayList<>();
		for (int offset = 0; offset < wire.length; offset += chunk) {
			decoder.decode(ByteBuffer.wrap(wire, offset, Math.min(chunk, wire.length - offset)), frames);
		}
		assertThat(frames).hasSize(1);
		assertThat(Arrays.equals(frames.get(0), payload)).as("decoded bytes equal the sent bytes").isTrue();
	}

	@Test
	void readsFromDirectBuffersToo() throws FrameException {
		byte[] wire = concat(FrameEncoder.DEFAULT.encode(SEED), FrameEncoder.DEFAULT.encode(MULTIBYTE));
		ByteBuffer direct = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
		List<byte[]> frames = new ArrayList<>();
		new FrameDecoder(1024).decode(direct, frames);
		assertThat(frames).containsExactly(SEED, MULTIBYTE);
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, FrameCodec.MAX_PAYLOAD_BYTES + 1 })
	void constructorRejectsALimitOutsideZeroToMaxPayloadBytes(int maxPayloadBytes) {
		assertThatIllegalArgumentException().isThrownBy(() -> new FrameDecoder(maxPayloadBytes));
	}

	private static long allocatedBytes() {
		return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
	}

	static byte[] utf8OfExactly(int bytes) {
		byte[] text = new byte[bytes];
		for (int i = 0; i < bytes; i++) {
			text[i] = (byte) ('a' + i % 26);
		}
		return text;
	}

	private static byte[] header(long length) {
		return new byte[] { (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length };
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

}
