package dev.bufferedsockets.server.flow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameBatchTest {

	private static final byte[] A = "alpha".getBytes(StandardCharsets.UTF_8);

	private static final byte[] B = new byte[0];

	private static final byte[] C = "日本語".getBytes(StandardCharsets.UTF_8);

	@Test
	void keepsThePayloadsInOrderAndCountsTheirWireBytesWithHeaders() {
		FrameBatch batch = FrameBatch.of(List.of(A, B, C));
		assertThat(batch.size()).isEqualTo(3);
		assertThat(batch.payload(0)).isSameAs(A);
		assertThat(batch.payloads()).containsExactly(A, B, C);
		assertThat(batch.wireBytes(4)).isEqualTo(3 * 4 + 5 + 0 + 9);
		assertThat(batch.wireBytes(2)).isEqualTo(3 * 2 + 5 + 0 + 9);
	}

	@Test
	void isNotChangedByLaterChangesToTheListItCameFrom() {
		List<byte[]> frames = new ArrayList<>(List.of(A));
		FrameBatch batch = FrameBatch.of(frames);
		frames.clear(); // what a reader does with its list once the batch is handed over
		assertThat(batch.payloads()).containsExactly(A);
	}

	@Test
	void mapsEachPayloadInOrder() {
		FrameBatch lengths = FrameBatch.of(List.of(A, B, C)).map(payload -> new byte[] { (byte) payload.length });
		assertThat(lengths.payloads()).containsExactly(new byte[] { 5 }, new byte[] { 0 }, new byte[] { 9 });
	}

	@Test
	void batchesWithEqualPayloadsAreEqual() {
		assertThat(FrameBatch.of(A.clone())).isEqualTo(FrameBatch.of(A)).hasSameHashCodeAs(FrameBatch.of(A));
		assertThat(FrameBatch.of(A)).isNotEqualTo(FrameBatch.of(C));
		assertThat(FrameBatch.of(List.of(A, B))).hasToString("FrameBatch[2 frames, 5 payload bytes]");
	}

}
