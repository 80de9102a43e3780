package dev.bufferedsockets.protocol;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link FrameDecoder#scan}: frames seen as they pass, for tools that must not keep them. */
class FrameScanTest {

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private static final byte[] SEED = "Four score and seven years ago".getBytes(StandardCharsets.UTF_8);

	@Test
	void reportsEachFrameItsPayloadAndItsEndWhereverTheBytesAreSplit() {
		byte[] wire = concat(FrameEncoder.DEFAULT.encode(SEED), FrameEncoder.DEFAULT.encode(new byte[0]),
				FrameEncoder.DEFAULT.encode("😀".getBytes(StandardCharsets.UTF_8)));
		for (int split = 0; split <= wire.length; split++) {
			Recording recording = new Recording();
			FrameDecoder decoder = new FrameDecoder(FrameCodec.MAX_PAYLOAD_BYTES);
			decoder.scan(ByteBuffer.wrap(wire, 0, split), recording);
			decoder.scan(ByteBuffer.wrap(wire, split, wire.length - split), recording);
			assertThat(recording.events).as("split at %d", split)
				.containsExactly("start 30", "payload Four score and seven years ago", "end", "start 0", "end", "start 4",
						"payload 😀", "end");
			assertThat(decoder.hasPartialFrame()).isFalse();
		}
	}

	@Test
	void anyHeaderIsScannedEvenFourGibibytesAndAnEndInsideItIsATruncation() {
		Recording recording = new Recording();
		FrameDecoder decoder = new FrameDecoder(0);
		decoder.scan(ByteBuffer.wrap(new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'a', 'b' }),
				recording);

		assertThat(recording.events).containsExactly("start 4294967295");
		assertThat(recording.payload.toString(StandardCharsets.UTF_8)).isEqualTo("ab");
		assertThat(decoder.hasPartialFrame()).isTrue();
		assertThatThrownBy(decoder::endOfStream).isInstanceOfSatisfying(TruncatedFrameException.class, (truncated) -> {
			assertThat(truncated.received()).isEqualTo(2);
			assertThat(truncated.expected()).isEqualTo(0xFFFF_FFFFL);
		});
	}

	@Test
	void readsTwoByteHeadersToo() {
		Recording recording = new Recording();
		FrameEncoder two = FrameEncoder.of(HeaderFormat.TWO_BYTES);
		new FrameDecoder(HeaderFormat.TWO_BYTES, 0).scan(ByteBuffer.wrap(concat(two.encode(SEED), two.encode(new byte[0]))),
				recording);
		assertThat(recording.events).containsExactly("start 30", "payload Four score and seven years ago", "end",
				"start 0", "end");
	}

	@Test
	void aLargeFramePassesWithoutTheDecoderKeepingIt() {
		FrameDecoder decoder = new FrameDecoder(0);
		long[] seen = new long[1];
		FrameListener counting = new FrameListener() {
			@Override
			public void frameStarted(long payloadLength) {
			}

			@Override
			public void payload(ByteBuffer chunk) {
				seen[0] += chunk.remaining();
			}

			@Override
			public void frameEnded() {
			}
		};
		ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
		decoder.scan(ByteBuffer.wrap(FrameEncoder.DEFAULT.header(8 << 20).array()), counting);
		long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
		for (int i = 0; i < 128; i++) {
			decoder.scan(chunk.clear(), counting);
		}
		long allocated = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

		assertThat(seen[0]).isEqualTo(8 << 20);
		assertThat(decoder.hasPartialFrame()).isFalse();
		assertThat(allocated).as("bytes allocated while 8 MiB of payload passed").isLessThan(256 * 1024);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	/** Writes down what the scan reported, a payload's pieces joined. */
	private static final class Recording implements FrameListener {

		private final List<String> events = new ArrayList<>();

		private ByteArrayOutputStream payload;

		@Override
		public void frameStarted(long payloadLength) {
			this.events.add("start " + payloadLength);
		}

		@Override
		public void payload(ByteBuffer chunk) {
			if (this.payload == null) {
				this.payload = new ByteArrayOutputStream();
			}
			byte[] bytes = new byte[chunk.remaining()];
			chunk.get(bytes);
			this.payload.writeBytes(bytes);
		}

		@Override
		public void frameEnded() {
			if (this.payload != null) {
				this.events.add("payload " + this.payload.toString(StandardCharsets.UTF_8));
				this.payload = null;
			}
			this.events.add("end");
		}

	}

}
