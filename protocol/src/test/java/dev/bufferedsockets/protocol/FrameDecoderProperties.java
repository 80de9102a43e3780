package dev.bufferedsockets.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.sun.management.ThreadMXBean;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the incremental decoder over generated inputs (jqwik): framing survives any
 * chunking, any bytes decode or fail cleanly without allocating for bytes that never came, and it
 * agrees with the blocking {@link FrameCodec} on every input.
 */
class FrameDecoderProperties extends FrameArbitraries {

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	@Property(tries = 300)
	void anySequenceOfFramesCutIntoAnyChunksDecodesToExactlyTheSameFrames(
			@ForAll @Size(max = 12) List<@From("payloads") String> payloads,
			@ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 97) Integer> chunks) throws FrameException {
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		for (String payload : payloads) {
			wire.writeBytes(FrameEncoder.DEFAULT.encode(Utf8.encode(payload)));
		}
		byte[] bytes = wire.toByteArray();
		FrameDecoder decoder = new FrameDecoder(FrameCodec.MAX_PAYLOAD_BYTES);
		List<byte[]> frames = new ArrayList<>();
		int offset = 0;
		for (int next = 0; offset < bytes.length; next++) {
			int chunk = Math.min(chunks.get(next % chunks.size()), bytes.length - offset);
			decoder.decode(ByteBuffer.wrap(bytes, offset, chunk), frames);
			offset += chunk;
		}
		decoder.endOfStream();
		assertThat(frames).extracting(frame -> new String(frame, StandardCharsets.UTF_8))
			.containsExactlyElementsOf(payloads);
		assertThat(decoder.hasPartialFrame()).isFalse();
	}

	@Property(tries = 2000)
	void anyByteSequenceDecodesOrFailsCleanlyWithoutOverAllocating(@ForAll("wireBytes") byte[] wire,
			@ForAll @IntRange(min = 0, max = 16 * 1024 * 1024) int maxPayloadBytes,
			@ForAll @IntRange(min = 1, max = 4096) int chunk) {
		FrameDecoder decoder = new FrameDecoder(maxPayloadBytes);
		List<byte[]> frames = new ArrayList<>();
		long before = THREADS.getCurrentThreadAllocatedBytes();
		try {
			for (int offset = 0; offset < wire.length; offset += chunk) {
				decoder.decode(ByteBuffer.wrap(wire, offset, Math.min(chunk, wire.length - offset)), frames);
			}
			decoder.endOfStream();
		}
		catch (FrameException clean) {
			// refused input: the expected, clean way to fail
		}
		long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
		assertThat(frames.size()).isLessThanOrEqualTo(wire.length / FrameCodec.HEADER_BYTES);
		// never more than the up-front allowance plus what the input itself could justify
		assertThat(allocated).isLessThan(FrameCodec.SPECULATIVE_ALLOCATION_BYTES + 64L * wire.length + 64 * 1024);
	}

	@Property(tries = 1000)
	void agreesWithTheBlockingCodecOnAnyInput(@ForAll("wireBytes") byte[] wire,
			@ForAll @IntRange(min = 0, max = 1024) int maxPayloadBytes,
			@ForAll @IntRange(min = 1, max = 64) int chunk) {
		List<byte[]> expected = new ArrayList<>();
		Class<?> expectedFailure = null;
		try {
			ByteArrayInputStream in = new ByteArrayInputStream(wire);
			FrameCodec codec = new FrameCodec(4096, maxPayloadBytes);
			for (byte[] frame = codec.readFrame(in); frame != null; frame = codec.readFrame(in)) {
				expected.add(frame);
			}
		}
		catch (IOException failure) {
			expectedFailure = failure.getClass();
		}

		List<byte[]> decoded = new ArrayList<>();
		Class<?> failure = null;
		FrameDecoder decoder = new FrameDecoder(maxPayloadBytes);
		try {
			for (int offset = 0; offset < wire.length; offset += chunk) {
				decoder.decode(ByteBuffer.wrap(wire, offset, Math.min(chunk, wire.length - offset)), decoded);
			}
			decoder.endOfStream();
		}
		catch (FrameException ex) {
			failure = ex.getClass();
		}
		assertThat(decoded).as("frames decoded").containsExactlyElementsOf(expected);
		assertThat(failure).as("failure").isEqualTo(expectedFailure);
	}

}
