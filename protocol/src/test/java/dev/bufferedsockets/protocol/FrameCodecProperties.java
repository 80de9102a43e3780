package dev.bufferedsockets.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
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
 * Properties of the codec over generated inputs (jqwik): framing survives any chunking, and no
 * byte sequence makes it fail other than cleanly, hang, or allocate for bytes that never came.
 */
class FrameCodecProperties extends FrameArbitraries {

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	@Property(tries = 300)
	void anySequenceOfFramesCutIntoAnyChunksDecodesToExactlyTheSameFrames(
			@ForAll @Size(max = 12) List<@From("payloads") String> payloads,
			@ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 97) Integer> chunks,
			@ForAll @IntRange(min = 1, max = 64) int bufferSize) throws IOException {
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		FrameCodec codec = new FrameCodec(bufferSize, FrameCodec.MAX_PAYLOAD_BYTES);
		for (String payload : payloads) {
			codec.writeFrame(wire, Utf8.encode(payload));
		}
		InputStream in = new ChunkedInputStream(wire.toByteArray(), chunks);

		List<String> decoded = new ArrayList<>();
		for (byte[] frame = codec.readFrame(in); frame != null; frame = codec.readFrame(in)) {
			decoded.add(new String(frame, StandardCharsets.UTF_8));
		}
		assertThat(decoded).containsExactlyElementsOf(payloads);
	}

	@Property(tries = 2000)
	void anyByteSequenceDecodesOrFailsCleanlyWithoutOverAllocating(@ForAll("wireBytes") byte[] wire,
			@ForAll @IntRange(min = 0, max = 16 * 1024 * 1024) int maxPayloadBytes,
			@ForAll @IntRange(min = 1, max = 4096) int bufferSize) {
		FrameCodec codec = new FrameCodec(bufferSize, maxPayloadBytes);
		InputStream in = new ByteArrayInputStream(wire);
		long before = THREADS.getCurrentThreadAllocatedBytes();
		int frames = 0;
		try {
			while (codec.readFrame(in) != null) {
				frames++; // each frame consumes at least its 4-byte header, so this ends
			}
		}
		catch (FrameException clean) {
			// refused input: the expected, clean way to fail
		}
		catch (IOException unexpected) {
			throw new AssertionError("a byte array stream cannot fail: " + unexpected, unexpected);
		}
		long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
		assertThat(frames).isLessThanOrEqualTo(wire.length / FrameCodec.HEADER_BYTES);
		// never more than the up-front allowance plus what the input itself could justify
		assertThat(allocated).isLessThan(FrameCodec.SPECULATIVE_ALLOCATION_BYTES + 64L * wire.length + 64 * 1024);
	}

	/** Returns its bytes in the given chunk sizes, cycling through them: TCP segments of any size. */
	private static final class ChunkedInputStream extends InputStream {

		private final byte[] bytes;

		private final List<Integer> chunks;

		private int position;

		private int nextChunk;

		ChunkedInputStream(byte[] bytes, List<Integer> chunks) {
			this.bytes = bytes;
			this.chunks = chunks;
		}

		@Override
		public int read() {
			return (this.position < this.bytes.length) ? this.bytes[this.position++] & 0xFF : -1;
		}

		@Override
		public int read(byte[] target, int offset, int length) {
			if (this.position >= this.bytes.length) {
				return -1;
			}
			int chunk = this.chunks.get(this.nextChunk++ % this.chunks.size());
			int n = Math.min(Math.min(length, chunk), this.bytes.length - this.position);
			System.arraycopy(this.bytes, this.position, target, offset, n);
			this.position += n;
			return n;
		}

	}

}
