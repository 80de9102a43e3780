package dev.bufferedsockets.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Sweep results as a text table: per case and server the median msgs/s (with its range over the
 * repetitions), MB/s and p99; with two servers also the ratios first/second.
 */
public final class ComparisonTable {

	private ComparisonTable() {
	}

	public static String format(List<SweepCase> cases, List<String> targets, List<CaseSummary> summaries) {
		boolean ratios = targets.size() == 2;
		StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-20s", "case"));
		for (String target : targets) {
			table.append(String.format(Locale.ROOT, " | %-30s", target + " msgs/s [min-max]"))
				.append(String.format(Locale.ROOT, " | %10s | %12s", target + " MB/s", target + " p99 us"));
		}
		if (ratios) {
			table.append(String.format(Locale.ROOT, " | %13s | %13s | %13s", "msgs/s ratio", "MB/s ratio", "p99 ratio"));
		}
		table.append(" | errors").append(System.lineSeparator());
		for (SweepCase sweepCase : cases) {
			table.append(String.format(Locale.ROOT, "%-20s", sweepCase.label()));
			long errors = 0;
			for (String target : targets) {
				CaseSummary summary = CaseSummary.find(summaries, sweepCase, target);
				if (summary == null) {
					table.append(String.format(Locale.ROOT, " | %-30s | %10s | %12s", "-", "-", "-"));
					continue;
				}
				errors += summary.errors();
				Spread rate = summary.messagesPerSecond();
				table.append(String.format(Locale.ROOT, " | %-30s | %10.2f | %12.1f",
						String.format(Locale.ROOT, "%,.0f [%,.0f-%,.0f]", rate.median(), rate.min(), rate.max()),
						summary.megabytesPerSecond().median(), summary.p99Micros().median()));
			}
			if (ratios) {
				CaseSummary first = CaseSummary.find(summaries, sweepCase, targets.get(0));
				CaseSummary second = CaseSummary.find(summaries, sweepCase, targets.get(1));
				table.append(String.format(Locale.ROOT, " | %13s | %13s | %13s",
						ratio(first, second, s -> s.messagesPerSecond().median()),
						ratio(first, second, s -> s.megabytesPerSecond().median()),
						ratio(first, second, s -> s.p99Micros().median())));
			}
			table.append(" | ").append(errors).append(System.lineSeparator());
		}
		return table.toString();
	}

	/** @return first/second of a figure as "0.42x", or "-" if either is missing */
	public static String ratio(CaseSummary first, CaseSummary second,
			ToDoubleFunction<CaseSummary> figure) {
		if (first == null || second == null || figure.applyAsDouble(second) == 0) {
			return "-";
		}
		return String.format(Locale.ROOT, "%.2fx", figure.applyAsDouble(first) / figure.applyAsDouble(second));
	}

}
