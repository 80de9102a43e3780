package dev.bufferedsockets.protocol;

import java.io.ByteArrayOutputStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Generated inputs for the codec's and the decoder's properties: their classes extend this one. */
abstract class FrameArbitraries {

	/** Text from every plane (no lone surrogates), up to 200 code points. */
	@Provide
	Arbitrary<String> payloads() {
		Arbitrary<Integer> codePoints = Arbitraries.oneOf(Arbitraries.integers().between(0, 0x7F),
				Arbitraries.integers().between(0x80, 0xD7FF), Arbitraries.integers().between(0xE000, 0x10FFFF));
		return codePoints.list().ofMaxSize(200).map(list -> {
			StringBuilder text = new StringBuilder();
			list.forEach(text::appendCodePoint);
			return text.toString();
		});
	}

	/** Mostly well-formed frames with some damage, so both paths (decode and refuse) get exercised. */
	@Provide
	Arbitrary<byte[]> wireBytes() {
		Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
		Arbitrary<byte[]> frames = payloads().list().ofMaxSize(5).map(list -> {
			ByteArrayOutputStream wire = new ByteArrayOutputStream();
			list.forEach(text -> wire.writeBytes(FrameEncoder.DEFAULT.encode(Utf8.encode(text))));
			return wire.toByteArray();
		});
		Arbitrary<byte[]> damagedFrames = frames.flatMap(wire -> Arbitraries.integers()
			.between(0, Math.max(0, wire.length - 1))
			.flatMap(position -> Arbitraries.bytes().map(value -> {
				byte[] copy = wire.clone();
				if (copy.length > 0) {
					copy[position] = value;
				}
				return copy;
			})));
		return Arbitraries.frequencyOf(Tuple.of(2, randomBytes), Tuple.of(1, frames), Tuple.of(2, damagedFrames));
	}

}
