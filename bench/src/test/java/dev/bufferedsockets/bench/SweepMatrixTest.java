package dev.bufferedsockets.bench;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SweepMatrixTest {

	@Test
	void matrixSpansSixteenBytesToOneMebibyteAtBothDepthsAndThreeConnectionCounts() {
		List<SweepCase> all = new ArrayList<>(SweepMatrix.cases());
		all.addAll(SweepMatrix.skipped());

		assertThat(all).hasSize(9 * 2 * 3).doesNotHaveDuplicates();
		assertThat(all).extracting(SweepCase::payloadBytes).contains(16, 1024 * 1024);
	}

	@Test
	void onlyCasesWithMoreThanTheInFlightCapAreLeftOut() {
		assertThat(SweepMatrix.cases()).allMatch(c -> c.bytesInFlight() <= SweepMatrix.MAX_BYTES_IN_FLIGHT);
		assertThat(SweepMatrix.skipped()).isNotEmpty()
			.allMatch(c -> c.bytesInFlight() > SweepMatrix.MAX_BYTES_IN_FLIGHT);
		assertThat(SweepMatrix.cases()).contains(new SweepCase(1024 * 1024, 1, 256), new SweepCase(16, 64, 256));
	}

}
