package dev.bufferedsockets.bench;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Markdown comparison takes, per case, whichever Netty variant did better, and says which. */
class BestNettyTableTest {

	private static final List<NettyTruncateServer.Variant> BOTH = List.of(NettyTruncateServer.Variant.USUAL,
			NettyTruncateServer.Variant.TUNED);

	@Test
	void ratesAreComparedWithTheFasterVariantAndLatenciesWithTheQuicker() {
		TargetCase pipelined = TargetCase.selected("pipelined-64").get(0);
		TargetCase requestResponse = TargetCase.selected("rr-64").get(0);
		List<SweepRun> runs = new ArrayList<>();
		// pipelined: ours 3,000 msgs/s, usual 1,000, tuned 2,000 -> 1.50x vs tuned
		runs.addAll(runs(pipelined.sweepCase(), "ours", 3000, 50));
		runs.addAll(runs(pipelined.sweepCase(), "netty-usual", 1000, 40));
		runs.addAll(runs(pipelined.sweepCase(), "netty-tuned", 2000, 80));
		// request/response p99: ours 60 us, usual 40 (the quicker), tuned 80 -> 1.50x vs usual
		runs.addAll(runs(requestResponse.sweepCase(), "ours", 500, 60));
		runs.addAll(runs(requestResponse.sweepCase(), "netty-usual", 400, 40));
		runs.addAll(runs(requestResponse.sweepCase(), "netty-tuned", 450, 80));

		String table = BestNettyTable.targets(List.of(pipelined, requestResponse), CaseSummary.of(runs), BOTH);

		List<String> lines = table.lines().toList();
		assertThat(lines.get(0)).isEqualTo(
				"| case | load | figure | ours | Netty usual | Netty tuned | ours / best Netty | goal |");
		assertThat(lines.get(1)).isEqualTo("| --- | --- | --- | --- | --- | --- | --- | --- |");
		assertThat(lines.get(2)).contains("| 64 B d64 c16 | msgs/s |", "3,000 [2,900–3,100]", "**1.50×** (vs tuned)",
				"≥ 1.0×, met");
		assertThat(lines.get(3)).contains("| 64 B d1 c1 | p99 µs |", "**1.50×** (vs usual)", "≤ 1.2×, not met");
	}

	@Test
	void aCaseOneServerDidNotRunSaysSoInsteadOfARatio() {
		TargetCase tls = TargetCase.selected("tls-large-1m").get(0);
		List<SweepRun> runs = runs(tls.sweepCase(), "netty-tuned-tls", 100, 10);

		String table = BestNettyTable.targets(List.of(tls), CaseSummary.of(runs), BOTH);

		assertThat(table.lines().toList().get(2)).contains("1 MiB d4 c4, TLS", "| not measured | not measured |")
			.endsWith("| – |  |");
	}

	@Test
	void theSweepTableHasOneRowPerCaseWithTheRatioToTheFasterVariant() {
		SweepCase small = new SweepCase(16, 1, 1);
		List<SweepRun> runs = new ArrayList<>();
		runs.addAll(runs(small, "ours", 900, 30));
		runs.addAll(runs(small, "netty-usual", 1000, 20));
		runs.addAll(runs(small, "netty-tuned", 600, 25));

		String table = BestNettyTable.sweep(List.of(small), CaseSummary.of(runs), BOTH);

		assertThat(table.lines().toList().get(2)).isEqualTo(
				"| 16 B d1 c1 | 900 | 1,000 | 600 | **0.90×** (vs usual) | 30.0 | 20.0 |");
	}

	@Test
	void unknownCaseNamesAreRefusedWithTheKnownOnes() {
		assertThatThrownBy(() -> TargetCase.selected("pipelined-64,nonsense"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("tls-pipelined-64");
	}

	/** Three runs around {@code rate} (-100, 0, +100) with a p99 of {@code p99Micros}. */
	private static List<SweepRun> runs(SweepCase c, String target, double rate, double p99Micros) {
		List<SweepRun> runs = new ArrayList<>();
		for (int repetition = 0; repetition < 3; repetition++) {
			double r = (repetition == 0) ? rate : (repetition == 1) ? rate - 100 : rate + 100;
			BenchResult result = new BenchResult("127.0.0.1:1", c.connections(), c.payloadBytes(), c.depth(),
					PayloadText.ASCII, 1, 2, (long) (r * 2), r, r * c.payloadBytes() / 1e6, 0,
					new BenchResult.Latency((long) (r * 2), 10, p99Micros, p99Micros, p99Micros), 0, List.of(), 1,
					new BenchResult.CpuSplit(0.1, 0.2, 0.9, null, 2));
			runs.add(new SweepRun(c, target, repetition, result));
		}
		return runs;
	}

}
