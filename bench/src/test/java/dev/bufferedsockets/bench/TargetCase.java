package dev.bufferedsockets.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One case the side-by-side run measures against every server: a load shape, plain or TLS, the
 * figure that matters for it and, for issue 4's targets, the ratio ours/best Netty it must reach.
 *
 * @param id what {@code --cases=} calls it
 * @param name what the table calls it
 * @param sweepCase the load shape
 * @param figure which median is compared
 * @param tls true if it runs against the TLS servers
 * @param goal the ratio ours/best Netty that meets the target (at least it for rates, at most for
 * latencies); NaN if there is none
 */
record TargetCase(String id, String name, SweepCase sweepCase, Figure figure, boolean tls, double goal) {

	/** A median of a {@link CaseSummary}. */
	enum Figure {

		MSGS_PER_SECOND("msgs/s", true, CaseSummary::messagesPerSecond),
		MEGABYTES_PER_SECOND("MB/s", true, CaseSummary::megabytesPerSecond),
		P99_MICROS("p99 µs", false, CaseSummary::p99Micros);

		private final String label;

		private final boolean higherIsBetter;

		private final Function<CaseSummary, Spread> spread;

		Figure(String label, boolean higherIsBetter, Function<CaseSummary, Spread> spread) {
			this.label = label;
			this.higherIsBetter = higherIsBetter;
			this.spread = spread;
		}

		Spread of(CaseSummary summary) {
			return this.spread.apply(summary);
		}

		String label() {
			return this.label;
		}

		boolean higherIsBetter() {
			return this.higherIsBetter;
		}

	}

	/** Issue 4's targets and issue 10's comparison cases, plain and TLS. */
	static List<TargetCase> all() {
		int kib = 1024;
		int mib = 1024 * 1024;
		return List.of(
				new TargetCase("pipelined-64", "pipelined small frames", new SweepCase(64, 64, 16), Figure.MSGS_PER_SECOND, false, 1.0),
				new TargetCase("rr-64", "request/response", new SweepCase(64, 1, 1), Figure.P99_MICROS, false, 1.2),
				new TargetCase("pipelined-4k", "pipelined 4 KiB frames", new SweepCase(4 * kib, 16, 16), Figure.MEGABYTES_PER_SECOND,
						false, Double.NaN),
				new TargetCase("large-1m-c1", "large frames, one at a time", new SweepCase(mib, 1, 1), Figure.MEGABYTES_PER_SECOND,
						false, Double.NaN),
				new TargetCase("large-1m-c4", "large frames", new SweepCase(mib, 4, 4), Figure.MEGABYTES_PER_SECOND, false, 1.2),
				new TargetCase("conn-1", "1 connection", new SweepCase(64, 64, 1), Figure.MSGS_PER_SECOND, false, Double.NaN),
				new TargetCase("conn-1000", "1,000 connections", new SweepCase(64, 64, 1000), Figure.MSGS_PER_SECOND, false,
						Double.NaN),
				new TargetCase("tls-pipelined-64", "TLS pipelined small frames", new SweepCase(64, 64, 16), Figure.MSGS_PER_SECOND,
						true, Double.NaN),
				new TargetCase("tls-large-1m", "TLS large frames", new SweepCase(mib, 4, 4), Figure.MEGABYTES_PER_SECOND, true,
						Double.NaN));
	}

	/**
	 * @param ids a comma-separated list of {@link #id}s, or null for all
	 * @throws IllegalArgumentException naming the known ids if one is unknown
	 */
	static List<TargetCase> selected(String ids) {
		if (ids == null || ids.isBlank()) {
			return all();
		}
		Set<String> wanted = Arrays.stream(ids.split(",")).map(String::trim).collect(Collectors.toSet());
		List<TargetCase> selected = all().stream().filter(c -> wanted.contains(c.id())).toList();
		if (selected.size() != wanted.size()) {
			throw new IllegalArgumentException("--cases=" + ids + " names a case that does not exist; the cases are "
					+ all().stream().map(TargetCase::id).collect(Collectors.joining(",")));
		}
		return selected;
	}

	/** @return the measured figure, or NaN if the server was not measured in this case */
	double median(List<CaseSummary> summaries, String server) {
		CaseSummary summary = CaseSummary.find(summaries, this.sweepCase, server);
		return (summary != null) ? this.figure.of(summary).median() : Double.NaN;
	}

	/** @return true if {@code ratio} (ours / best Netty) meets the goal */
	boolean met(double ratio) {
		return this.figure.higherIsBetter() ? ratio >= this.goal : ratio <= this.goal;
	}

}
