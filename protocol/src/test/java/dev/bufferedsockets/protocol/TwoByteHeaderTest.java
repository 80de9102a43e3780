package dev.bufferedsockets.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The 2-byte header of older course versions ({@code !H}): the same encoder, decoder and codec, one parameter apart. */
class TwoByteHeaderTest {

	private static final FrameEncoder TWO = FrameEncoder.of(HeaderFormat.TWO_BYTES);

	private static final byte[] SEED = "Four score and seven years ago".getBytes(StandardCharsets.UTF_8);

	@Test
	void theSeedExampleHasATwoByteBigEndianHeader() {
		assertThat(TWO.encode(SEED)).startsWith(0x00, 0x1E).hasSize(2 + 30);
		assertThat(TWO.header(0x0102).array()).containsExactly(0x01, 0x02);
		assertThat(TWO.frameBytes(30)).isEqualTo(32);
		assertThat(FrameEncoder.of(HeaderFormat.FOUR_BYTES)).isSameAs(FrameEncoder.DEFAULT);
	}

	@Test
	void aPayloadOfExactly65535BytesFitsAndIsReadBack() throws Exception {
		byte[] payload = FrameDecoderTest.utf8OfExactly(65_535);
		byte[] frame = TWO.encode(payload);
		assertThat(frame).startsWith(0xFF, 0xFF);

		FrameCodec codec = new FrameCodec(1024, 65_535, null, HeaderFormat.TWO_BYTES);
		assertThat(codec.readFrame(new ByteArrayInputStream(frame))).isEqualTo(payload);
	}

	@Test
	void aPayloadAbove65535BytesIsRefusedBeforeAnythingIsWritten() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		FrameCodec codec = new FrameCodec(1024, 1 << 20, null, HeaderFormat.TWO_BYTES);

		assertThatIllegalArgumentException().isThrownBy(() -> codec.writeFrame(out, new byte[65_536]))
			.withMessage("a payload of 65536 bytes does not fit a 2-byte header (at most 65535 bytes)");
		assertThatIllegalArgumentException().isThrownBy(() -> TWO.encode(new byte[70_000], ByteBuffer.allocate(80_000)));
		assertThat(out.size()).isZero();
	}

	@Test
	void backToBackFramesSplitAtEveryByteDecodeInOrder() throws FrameException {
		byte[] wire = concat(TWO.encode(SEED), TWO.encode(new byte[0]), TWO.encode("😀 ok".getBytes(StandardCharsets.UTF_8)));
		for (int split = 0; split <= wire.length; split++) {
			FrameDecoder decoder = new FrameDecoder(HeaderFormat.TWO_BYTES, 65_535);
			List<byte[]> frames = new ArrayList<>();
			decoder.decode(ByteBuffer.wrap(wire, 0, split), frames);
			decoder.decode(ByteBuffer.wrap(wire, split, wire.length - split), frames);
			assertThat(frames).as("split at %d", split)
				.containsExactly(SEED, new byte[0], "😀 ok".getBytes(StandardCharsets.UTF_8));
			assertThat(decoder.hasPartialFrame()).isFalse();
		}
	}

	@Test
	void aStreamEndingInsideTheHeaderCountsTwoHeaderBytes() {
		FrameCodec codec = new FrameCodec(1024, 65_535, null, HeaderFormat.TWO_BYTES);
		assertThatThrownBy(() -> codec.readFrame(new ByteArrayInputStream(new byte[] { 0 })))
			.isInstanceOfSatisfying(TruncatedFrameException.class, (truncated) -> {
				assertThat(truncated.part()).isEqualTo("header");
				assertThat(truncated.received()).isEqualTo(1);
				assertThat(truncated.expected()).isEqualTo(2);
			});
	}

	@Test
	void aFourByteFrameReadWithTwoByteHeadersIsNotTheSameFrame() throws Exception {
		// What a 2-byte reader makes of a 4-byte client: an empty frame, then the real one, for short payloads.
		FrameCodec codec = new FrameCodec(1024, 65_535, null, HeaderFormat.TWO_BYTES);
		ByteArrayInputStream in = new ByteArrayInputStream(FrameEncoder.DEFAULT.encode(SEED));
		assertThat(codec.readFrame(in)).isEmpty();
		assertThat(codec.readFrame(in)).isEqualTo(SEED);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 3, 8 })
	void onlyFourAndTwoAreHeaderSizes(int bytes) {
		assertThatIllegalArgumentException().isThrownBy(() -> HeaderFormat.ofBytes(bytes))
			.withMessageContaining("4 or 2");
	}

	@Test
	void eachFormatKnowsWhatItCanAnnounce() {
		assertThat(HeaderFormat.ofBytes(2)).isEqualTo(HeaderFormat.TWO_BYTES);
		assertThat(HeaderFormat.ofBytes(4)).isEqualTo(HeaderFormat.FOUR_BYTES);
		assertThat(HeaderFormat.TWO_BYTES.fits(65_535)).isTrue();
		assertThat(HeaderFormat.TWO_BYTES.fits(65_536)).isFalse();
		assertThat(HeaderFormat.FOUR_BYTES.fits(0xFFFF_FFFFL)).isTrue();
		assertThat(HeaderFormat.FOUR_BYTES.fits(-1)).isFalse();
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

}
