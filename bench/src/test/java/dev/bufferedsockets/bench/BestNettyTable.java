package dev.bufferedsockets.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side results as Markdown tables the README can take: per case our median, each
 * Netty variant's, and ours / the best Netty variant of that case (the higher rate or the lower
 * latency, whichever variant that is). Ranges are min–max over the repetitions.
 */
final class BestNettyTable {

	private BestNettyTable() {
	}

	/** @return one row per case: its figure for ours and every variant, the ratio to the best, the goal */
	static String targets(List<TargetCase> cases, List<CaseSummary> summaries,
			List<NettyTruncateServer.Variant> variants) {
		StringBuilder table = new StringBuilder("| case | load | figure | ours |");
		StringBuilder rule = new StringBuilder("| --- | --- | --- | --- |");
		for (NettyTruncateServer.Variant variant : variants) {
			table.append(" Netty ").append(variant.label()).append(" |");
			rule.append(" --- |");
		}
		table.append(" ours / best Netty | goal |\n");
		table.append(rule).append(" --- | --- |\n");
		for (TargetCase target : cases) {
			String ours = BenchServer.ours(target.tls());
			table.append("| ").append(target.name()).append(" | ").append(target.sweepCase().label())
				.append(target.tls() ? ", TLS" : "").append(" | ").append(target.figure().label()).append(" | ")
				.append(cell(summaries, target, ours)).append(" |");
			List<String> netty = new ArrayList<>();
			for (NettyTruncateServer.Variant variant : variants) {
				String name = BenchServer.netty(variant, target.tls());
				netty.add(name);
				table.append(' ').append(cell(summaries, target, name)).append(" |");
			}
			String best = best(target.figure(), netty, name -> target.median(summaries, name));
			double ratio = target.median(summaries, ours) / target.median(summaries, best);
			table.append(' ').append(ratio(ratio, best)).append(" | ").append(goal(target, ratio)).append(" |\n");
		}
		return table.toString();
	}

	/** @return one row per sweep case: msgs/s of ours and every variant, the ratio to the best, p99 of ours and the best */
	static String sweep(List<SweepCase> cases, List<CaseSummary> summaries,
			List<NettyTruncateServer.Variant> variants) {
		StringBuilder table = new StringBuilder("| case | ours msgs/s |");
		StringBuilder rule = new StringBuilder("| --- | --- |");
		List<String> netty = variants.stream().map(variant -> BenchServer.netty(variant, false)).toList();
		for (NettyTruncateServer.Variant variant : variants) {
			table.append(" Netty ").append(variant.label()).append(" msgs/s |");
			rule.append(" --- |");
		}
		table.append(" ours / best Netty msgs/s | ours p99 µs | best Netty p99 µs |\n").append(rule)
			.append(" --- | --- | --- |\n");
		for (SweepCase sweepCase : cases) {
			table.append("| ").append(sweepCase.label()).append(" | ")
				.append(rate(CaseSummary.find(summaries, sweepCase, "ours"))).append(" |");
			for (String name : netty) {
				table.append(' ').append(rate(CaseSummary.find(summaries, sweepCase, name))).append(" |");
			}
			String fastest = best(TargetCase.Figure.MSGS_PER_SECOND, netty,
					name -> median(summaries, sweepCase, name, TargetCase.Figure.MSGS_PER_SECOND));
			String quickest = best(TargetCase.Figure.P99_MICROS, netty,
					name -> median(summaries, sweepCase, name, TargetCase.Figure.P99_MICROS));
			double ratio = median(summaries, sweepCase, "ours", TargetCase.Figure.MSGS_PER_SECOND)
					/ median(summaries, sweepCase, fastest, TargetCase.Figure.MSGS_PER_SECOND);
			table.append(' ').append(ratio(ratio, fastest)).append(" | ")
				.append(number(median(summaries, sweepCase, "ours", TargetCase.Figure.P99_MICROS), "%,.1f")).append(" | ")
				.append(number(median(summaries, sweepCase, quickest, TargetCase.Figure.P99_MICROS), "%,.1f"))
				.append(" |\n");
		}
		return table.toString();
	}

	/** @return the server with the best median of the figure, or null if none was measured */
	private static String best(TargetCase.Figure figure, List<String> servers,
			java.util.function.ToDoubleFunction<String> median) {
		String best = null;
		double bestValue = Double.NaN;
		for (String server : servers) {
			double value = median.applyAsDouble(server);
			if (!Double.isNaN(value) && (best == null
					|| (figure.higherIsBetter() ? value > bestValue : value < bestValue))) {
				best = server;
				bestValue = value;
			}
		}
		return best;
	}

	private static double median(List<CaseSummary> summaries, SweepCase sweepCase, String server,
			TargetCase.Figure figure) {
		CaseSummary summary = (server != null) ? CaseSummary.find(summaries, sweepCase, server) : null;
		return (summary != null) ? figure.of(summary).median() : Double.NaN;
	}

	private static String cell(List<CaseSummary> summaries, TargetCase target, String server) {
		CaseSummary summary = CaseSummary.find(summaries, target.sweepCase(), server);
		if (summary == null) {
			return "not measured";
		}
		Spread spread = target.figure().of(summary);
		String format = (target.figure() == TargetCase.Figure.MSGS_PER_SECOND) ? "%,.0f" : "%,.1f";
		return number(spread.median(), format) + " [" + number(spread.min(), format) + "–"
				+ number(spread.max(), format) + "]" + errors(summary);
	}

	private static String rate(CaseSummary summary) {
		return (summary == null) ? "–" : number(summary.messagesPerSecond().median(), "%,.0f") + errors(summary);
	}

	private static String errors(CaseSummary summary) {
		return (summary.errors() == 0) ? "" : " (" + summary.errors() + " errors)";
	}

	private static String ratio(double ratio, String best) {
		if (best == null || Double.isNaN(ratio)) {
			return "–";
		}
		return String.format(Locale.ROOT, "**%.2f×** (vs %s)", ratio, best.replaceFirst("^netty-", "").replace("-tls", ""));
	}

	private static String goal(TargetCase target, double ratio) {
		if (Double.isNaN(target.goal())) {
			return "";
		}
		String goal = String.format(Locale.ROOT, "%s %.1f×", target.figure().higherIsBetter() ? "≥" : "≤", target.goal());
		return Double.isNaN(ratio) ? goal : goal + (target.met(ratio) ? ", met" : ", not met");
	}

	private static String number(double value, String format) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
	}

}
