package dev.bufferedsockets.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a sweep's figures: {@code sweep.csv} (every run), {@code sweep.html} (medians, ratios and
 * charts, self-contained) and the charts alone as {@code throughput.svg} and {@code p99.svg}.
 */
public final class SweepReport {

	/** Sizes whose p99 is drawn against connections: small, medium, large. */
	private static final List<Integer> P99_SIZES = List.of(64, 16384, 1048576);

	private final List<SweepCase> cases;

	private final List<String> targets;

	private final List<SweepRun> runs;

	private final List<CaseSummary> summaries;

	public SweepReport(List<SweepCase> cases, List<String> targets, List<SweepRun> runs) {
		this.cases = cases;
		this.targets = targets;
		this.runs = runs;
		this.summaries = CaseSummary.of(runs);
	}

	public List<CaseSummary> summaries() {
		return this.summaries;
	}

	/**
	 * @param notes lines shown under the title: which machine, whether it was shared
	 * @return the HTML file written
	 */
	public Path write(Path directory, List<String> notes) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("sweep.csv"), csv(), StandardCharsets.UTF_8);
		Files.writeString(directory.resolve("throughput.svg"), throughputChart(64).render(throughputSeries(64), true),
				StandardCharsets.UTF_8);
		Files.writeString(directory.resolve("p99.svg"), p99Chart(1).render(p99Series(1), true), StandardCharsets.UTF_8);
		Path html = directory.resolve("sweep.html");
		Files.writeString(html, html(notes), StandardCharsets.UTF_8);
		return html;
	}

	public String csv() {
		StringBuilder csv = new StringBuilder("target,payload_bytes,depth,connections,repetition,seconds,messages,"
				+ "msgs_per_s,mb_per_s,p50_us,p99_us,p999_us,max_us,errors,generator_cores,generator_thread_cores,"
				+ "server_cores\n");
		for (SweepRun run : this.runs) {
			BenchResult r = run.result();
			csv.append(String.join(",", run.target(), Integer.toString(r.payloadBytes()), Integer.toString(r.depth()),
					Integer.toString(r.connections()), Integer.toString(run.repetition()), number(r.seconds()),
					Long.toString(r.messages()), number(r.messagesPerSecond()), number(r.megabytesPerSecond()),
					number(r.latencyMicros().p50()), number(r.latencyMicros().p99()), number(r.latencyMicros().p999()),
					number(r.latencyMicros().max()), Long.toString(r.errors()), number(r.cpu().generatorProcess()),
					number(r.cpu().generatorThreads()), number(r.cpu().server())))
				.append('\n');
		}
		return csv.toString();
	}

	private String html(List<String> notes) {
		StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<title>buffered-sockets sweep</title>\n<style>body{font-family:sans-serif;margin:2em}"
				+ "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;"
				+ "text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}</style></head><body>\n");
		html.append("<h1>buffered-sockets sweep</h1>\n<p>")
			.append(SvgChart.escape(String.join(" vs ", this.targets)))
			.append(", written ")
			.append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
			.append(", ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ")
			.append(System.getProperty("java.version"))
			.append(".</p>\n");
		for (String note : notes) {
			html.append("<p>").append(SvgChart.escape(note)).append("</p>\n");
		}
		html.append("<p>msgs/s and p99 are medians over the repetitions; MB/s counts request payload bytes "
				+ "(10<sup>6</sup>). Raw figures: <a href=\"sweep.csv\">sweep.csv</a>.</p>\n");
		for (int depth : SweepMatrix.DEPTHS) {
			html.append(throughputChart(depth).render(throughputSeries(depth), false));
		}
		for (int depth : SweepMatrix.DEPTHS) {
			html.append(p99Chart(depth).render(p99Series(depth), false));
		}
		html.append(table());
		List<SweepCase> skipped = SweepMatrix.skipped();
		if (!skipped.isEmpty()) {
			html.append("<p>Not run (more than ").append(SweepCase.size(SweepMatrix.MAX_BYTES_IN_FLIGHT))
				.append(" of requests in flight): ")
				.append(SvgChart.escape(String.join(", ", skipped.stream().map(SweepCase::label).toList())))
				.append(".</p>\n");
		}
		return html.append("</body></html>\n").toString();
	}

	private String table() {
		boolean ratios = this.targets.size() == 2;
		StringBuilder table = new StringBuilder("<table><tr><th>case</th>");
		for (String target : this.targets) {
			String name = SvgChart.escape(target);
			table.append("<th>").append(name).append(" msgs/s [min-max]</th><th>").append(name)
				.append(" MB/s</th><th>").append(name).append(" p99 &micro;s</th><th>").append(name)
				.append(" cpu gen/server</th>");
		}
		table.append(ratios ? "<th>msgs/s ratio</th><th>p99 ratio</th>" : "").append("<th>errors</th></tr>\n");
		for (SweepCase sweepCase : this.cases) {
			table.append("<tr><td>").append(SvgChart.escape(sweepCase.label())).append("</td>");
			long errors = 0;
			for (String target : this.targets) {
				CaseSummary s = CaseSummary.find(this.summaries, sweepCase, target);
				if (s == null) {
					table.append("<td>-</td><td>-</td><td>-</td><td>-</td>");
					continue;
				}
				errors += s.errors();
				table.append(String.format(Locale.ROOT,
						"<td>%,.0f [%,.0f-%,.0f]</td><td>%,.2f</td><td>%,.1f</td><td>%.2f / %.2f</td>",
						s.messagesPerSecond().median(), s.messagesPerSecond().min(), s.messagesPerSecond().max(),
						s.megabytesPerSecond().median(), s.p99Micros().median(), s.generatorCores().median(),
						s.serverCores().median()));
			}
			if (ratios) {
				CaseSummary first = CaseSummary.find(this.summaries, sweepCase, this.targets.get(0));
				CaseSummary second = CaseSummary.find(this.summaries, sweepCase, this.targets.get(1));
				table.append("<td>").append(ComparisonTable.ratio(first, second, s -> s.messagesPerSecond().median()))
					.append("</td><td>").append(ComparisonTable.ratio(first, second, s -> s.p99Micros().median()))
					.append("</td>");
			}
			table.append("<td>").append(errors).append("</td></tr>\n");
		}
		return table.append("</table>\n").toString();
	}

	private static SvgChart throughputChart(int depth) {
		return new SvgChart("Throughput vs payload size, depth " + depth, "payload size", "messages per second",
				x -> SweepCase.size((long) x));
	}

	private static SvgChart p99Chart(int depth) {
		return new SvgChart("p99 latency vs connections, depth " + depth, "connections", "p99 latency (microseconds)",
				x -> String.format(Locale.ROOT, "%.0f", x));
	}

	private List<SvgChart.Series> throughputSeries(int depth) {
		List<SvgChart.Series> series = new ArrayList<>();
		for (int t = 0; t < this.targets.size(); t++) {
			for (int c = 0; c < SweepMatrix.CONNECTIONS.size(); c++) {
				int connections = SweepMatrix.CONNECTIONS.get(c);
				List<SvgChart.Point> points = new ArrayList<>();
				for (int size : SweepMatrix.SIZES) {
					CaseSummary s = CaseSummary.find(this.summaries, new SweepCase(size, depth, connections),
							this.targets.get(t));
					if (s != null) {
						points.add(new SvgChart.Point(size, s.messagesPerSecond().median()));
					}
				}
				series.add(new SvgChart.Series(this.targets.get(t) + ", " + connections + " conn",
						SvgChart.PALETTE.get(c % SvgChart.PALETTE.size()), t > 0, points));
			}
		}
		return series;
	}

	private List<SvgChart.Series> p99Series(int depth) {
		List<SvgChart.Series> series = new ArrayList<>();
		for (int t = 0; t < this.targets.size(); t++) {
			for (int i = 0; i < P99_SIZES.size(); i++) {
				int size = P99_SIZES.get(i);
				List<SvgChart.Point> points = new ArrayList<>();
				for (int connections : SweepMatrix.CONNECTIONS) {
					CaseSummary s = CaseSummary.find(this.summaries, new SweepCase(size, depth, connections),
							this.targets.get(t));
					if (s != null) {
						points.add(new SvgChart.Point(connections, s.p99Micros().median()));
					}
				}
				series.add(new SvgChart.Series(this.targets.get(t) + ", " + SweepCase.size(size),
						SvgChart.PALETTE.get(i % SvgChart.PALETTE.size()), t > 0, points));
			}
		}
		return series;
	}

	private static String number(Double value) {
		return (value == null || value.isNaN()) ? "" : String.format(Locale.ROOT, "%.3f", value);
	}

}
