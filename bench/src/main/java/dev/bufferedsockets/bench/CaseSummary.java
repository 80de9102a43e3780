package dev.bufferedsockets.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * All runs of one case against one server, reduced to medians and ranges.
 *
 * @param sweepCase the load shape
 * @param target the server's name
 * @param runs how many runs were reduced
 * @param messagesPerSecond replies per second
 * @param megabytesPerSecond request payload MB (10^6 bytes) per second
 * @param p50Micros median latency
 * @param p99Micros 99th percentile latency
 * @param p999Micros 99.9th percentile latency
 * @param errors failures over all runs
 * @param generatorCores cores the generator process used
 * @param serverCores cores the server process used (NaN when unknown)
 */
public record CaseSummary(SweepCase sweepCase, String target, int runs, Spread messagesPerSecond,
		Spread megabytesPerSecond, Spread p50Micros, Spread p99Micros, Spread p999Micros, long errors,
		Spread generatorCores, Spread serverCores) {

	/** @return one summary per case and server, in the order the runs first mention them */
	public static List<CaseSummary> of(List<SweepRun> runs) {
		Map<List<Object>, List<BenchResult>> groups = new LinkedHashMap<>();
		for (SweepRun run : runs) {
			groups.computeIfAbsent(List.of(run.sweepCase(), run.target()), key -> new ArrayList<>()).add(run.result());
		}
		List<CaseSummary> summaries = new ArrayList<>();
		groups.forEach((key, results) -> summaries.add(summarize((SweepCase) key.get(0), (String) key.get(1), results)));
		return summaries;
	}

	/** @return the summary of {@code sweepCase} against {@code target}, or null if it did not run */
	public static CaseSummary find(List<CaseSummary> summaries, SweepCase sweepCase, String target) {
		return summaries.stream()
			.filter(s -> s.sweepCase().equals(sweepCase) && s.target().equals(target))
			.findFirst()
			.orElse(null);
	}

	private static CaseSummary summarize(SweepCase sweepCase, String target, List<BenchResult> results) {
		return new CaseSummary(sweepCase, target, results.size(), spread(results, BenchResult::messagesPerSecond),
				spread(results, BenchResult::megabytesPerSecond), spread(results, r -> r.latencyMicros().p50()),
				spread(results, r -> r.latencyMicros().p99()), spread(results, r -> r.latencyMicros().p999()),
				results.stream().mapToLong(BenchResult::errors).sum(),
				spread(results, r -> orNaN(r.cpu().generatorProcess())), spread(results, r -> orNaN(r.cpu().server())));
	}

	private static Spread spread(List<BenchResult> results, ToDoubleFunction<BenchResult> figure) {
		return Spread.of(results.stream().mapToDouble(figure).toArray());
	}

	private static double orNaN(Double value) {
		return Objects.requireNonNullElse(value, Double.NaN);
	}

}
