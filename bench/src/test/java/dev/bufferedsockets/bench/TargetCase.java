package dev.bufferedsockets.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One of issue 4's targets measured in the side-by-side run: a load shape, the figure that
 * matters for it, and the ratio ours/Netty it must reach.
 *
 * @param name what the target is called in the table
 * @param sweepCase the load shape
 * @param figure which median is compared
 * @param goal the ratio ours/Netty that meets the target
 * @param higherIsBetter true if the ratio must be at least {@code goal}, false if at most
 */
record TargetCase(String name, SweepCase sweepCase, Figure figure, double goal, boolean higherIsBetter) {

	/** A median of a {@link CaseSummary}. */
	enum Figure {

		MSGS_PER_SECOND("msgs/s", CaseSummary::messagesPerSecond),
		MEGABYTES_PER_SECOND("MB/s", CaseSummary::megabytesPerSecond),
		P99_MICROS("p99 us", CaseSummary::p99Micros);

		private final String label;

		private final Function<CaseSummary, Spread> spread;

		Figure(String label, Function<CaseSummary, Spread> spread) {
			this.label = label;
			this.spread = spread;
		}

		Spread of(CaseSummary summary) {
			return this.spread.apply(summary);
		}

		String label() {
			return this.label;
		}

	}

	/** The target cases of issue 4 that a throughput run can show. */
	static List<TargetCase> all() {
		return List.of(
				new TargetCase("pipelined small frames", new SweepCase(64, 64, 16), Figure.MSGS_PER_SECOND, 1.0, true),
				new TargetCase("request/response", new SweepCase(64, 1, 1), Figure.P99_MICROS, 1.2, false),
				new TargetCase("large frames", new SweepCase(1024 * 1024, 4, 4), Figure.MEGABYTES_PER_SECOND, 1.2, true),
				new TargetCase("1 connection", new SweepCase(64, 64, 1), Figure.MSGS_PER_SECOND, Double.NaN, true),
				new TargetCase("1,000 connections", new SweepCase(64, 64, 1000), Figure.MSGS_PER_SECOND, Double.NaN,
						true));
	}

	/** @return one table row: figure, both medians with their ranges, the ratio and whether it meets the goal */
	String row(List<CaseSummary> summaries, String ours, String netty) {
		CaseSummary a = CaseSummary.find(summaries, this.sweepCase, ours);
		CaseSummary b = CaseSummary.find(summaries, this.sweepCase, netty);
		if (a == null || b == null) {
			return String.format(Locale.ROOT, "%-24s %-20s not measured", this.name, this.sweepCase.label());
		}
		double ratio = this.figure.of(a).median() / this.figure.of(b).median();
		String verdict = Double.isNaN(this.goal) ? "(see below)"
				: ((this.higherIsBetter ? ratio >= this.goal : ratio <= this.goal) ? "MET" : "not met")
						+ String.format(Locale.ROOT, " (goal %s %.1fx)", this.higherIsBetter ? ">=" : "<=", this.goal);
		return String.format(Locale.ROOT, "%-24s %-20s %-7s %-30s %-30s %7.2fx  %s  errors %d/%d", this.name,
				this.sweepCase.label(), this.figure.label(), spread(this.figure.of(a)), spread(this.figure.of(b)), ratio,
				verdict, a.errors(), b.errors());
	}

	static String header() {
		return String.format(Locale.ROOT, "%-24s %-20s %-7s %-30s %-30s %8s  %s", "target", "case", "figure",
				"ours median [min-max]", "netty median [min-max]", "ratio", "verdict");
	}

	private static String spread(Spread spread) {
		return String.format(Locale.ROOT, "%,.1f [%,.1f-%,.1f]", spread.median(), spread.min(), spread.max());
	}

}
