package dev.bufferedsockets.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With several servers, each takes every place in the order in turn, so drift falls on all alike. */
class SweepTest {

	@Test
	void theOrderOfThreeServersRotatesFromCaseToCaseAndRepetitionToRepetition() throws Exception {
		List<String> order = new ArrayList<>();
		try (InProcessTruncateServer server = InProcessTruncateServer.start(10)) {
			List<BenchTarget> targets = List.of(new BenchTarget("a", "127.0.0.1", server.port(), 0),
					new BenchTarget("b", "127.0.0.1", server.port(), 0),
					new BenchTarget("c", "127.0.0.1", server.port(), 0));
			BenchSettings template = new BenchSettings("127.0.0.1", 1, 1, 16, 1, Duration.ofMillis(50), Duration.ZERO,
					PayloadText.ASCII, 1, 0, 10);
			List<SweepCase> cases = List.of(new SweepCase(16, 1, 1), new SweepCase(32, 1, 1), new SweepCase(64, 1, 1));

			List<SweepRun> runs = new Sweep(new LoadGenerator(), template).run(cases, targets, 1,
					(run, done, total) -> order.add(run.target()));

			assertThat(runs).hasSize(9).allSatisfy(run -> assertThat(run.result().errors()).isZero());
		}
		assertThat(String.join("", order)).isEqualTo("abc" + "cab" + "bca");
	}

}
