package dev.bufferedsockets.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The report is one self-contained page with the charts drawn in, next to the raw figures. */
class SweepReportTest {

	@TempDir
	Path out;

	@Test
	void writesEveryRunToCsvAndMediansRatiosAndChartsToSelfContainedHtml() throws Exception {
		List<SweepCase> cases = List.of(new SweepCase(64, 64, 16), new SweepCase(1024, 64, 16));
		List<SweepRun> runs = new ArrayList<>();
		for (int repetition = 0; repetition < 3; repetition++) {
			for (SweepCase c : cases) {
				runs.add(run(c, "ours", repetition, 1000 + repetition * 100));
				runs.add(run(c, "netty", repetition, 2000));
			}
		}

		Path html = new SweepReport(cases, List.of("ours", "netty"), runs).write(this.out, List.of("a shared machine"));

		List<String> csv = Files.readAllLines(this.out.resolve("sweep.csv"));
		assertThat(csv).hasSize(1 + runs.size());
		assertThat(csv.get(1)).startsWith("ours,64,64,16,0,");
		String page = Files.readString(html, StandardCharsets.UTF_8);
		assertThat(page).contains("<svg", "Throughput vs payload size", "p99 latency vs connections", "a shared machine")
			.as("median ours 1100 / netty 2000").contains("0.55x")
			.doesNotContain("<script", "<link", "src=\"http", "href=\"http", "@import");
		assertThat(Files.readString(this.out.resolve("throughput.svg"))).startsWith("<svg xmlns=").contains("<path");
	}

	@Test
	void comparisonTableShowsMedianRangeAndRatioPerCase() {
		SweepCase c = new SweepCase(64, 1, 1);
		List<SweepRun> runs = List.of(run(c, "ours", 0, 900), run(c, "ours", 1, 1100), run(c, "ours", 2, 1000),
				run(c, "netty", 0, 500), run(c, "netty", 1, 500), run(c, "netty", 2, 500));

		String table = ComparisonTable.format(List.of(c), List.of("ours", "netty"), CaseSummary.of(runs));

		assertThat(table).contains("64 B d1 c1").contains("1,000 [900-1,100]").contains("2.00x");
	}

	private static SweepRun run(SweepCase c, String target, int repetition, double rate) {
		BenchResult result = new BenchResult("127.0.0.1:1", c.connections(), c.payloadBytes(), c.depth(),
				PayloadText.ASCII, 1, 2, (long) (rate * 2), rate, rate * c.payloadBytes() / 1e6, 0,
				new BenchResult.Latency((long) (rate * 2), 10, 20, 30, 40), 0, List.of(), 1,
				new BenchResult.CpuSplit(0.1, 0.2, 0.9, null, 2));
		return new SweepRun(c, target, repetition, result);
	}

}
