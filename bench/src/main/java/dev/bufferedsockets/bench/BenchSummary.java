package dev.bufferedsockets.bench;

import java.util.Locale;

/** The summary table printed at the end of a single {@code bench} run. */
public final class BenchSummary {

	private BenchSummary() {
	}

	public static String format(BenchResult result) {
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "bench %s: %d connection(s) x depth %d, %s %s payloads, "
				+ "%.1f s warmup, %.1f s measured%n", result.target(), result.connections(), result.depth(),
				SweepCase.size(result.payloadBytes()), result.text().name().toLowerCase(Locale.ROOT),
				result.warmupSeconds(), result.seconds()));
		row(table, "messages", String.format(Locale.ROOT, "%,d", result.messages()),
				"replies in the window, every one verified byte for byte");
		row(table, "msgs/s", String.format(Locale.ROOT, "%,.0f", result.messagesPerSecond()), "");
		row(table, "MB/s", String.format(Locale.ROOT, "%,.2f", result.megabytesPerSecond()),
				"request payload bytes answered, 10^6 bytes (replies: "
						+ String.format(Locale.ROOT, "%,.2f", result.replyMegabytesPerSecond()) + ")");
		BenchResult.Latency latency = result.latencyMicros();
		row(table, "latency p50", micros(latency.p50()), "last request byte written to last reply byte read");
		row(table, "latency p99", micros(latency.p99()), "");
		row(table, "latency p99.9", micros(latency.p999()), "");
		row(table, "latency max", micros(latency.max()), "");
		row(table, "errors", Long.toString(result.errors()), String.join("; ", result.errorSamples()));
		row(table, "cpu", cpu(result.cpu()), "cores used in the window, of " + result.cpu().machineCores());
		return table.toString();
	}

	/** @return where the CPU went, e.g. "generator 0.61 (selector threads 0.55), server 1.32" */
	public static String cpu(BenchResult.CpuSplit cpu) {
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "generator %s (selector threads %.2f)",
				cores(cpu.generatorProcess()), cpu.generatorThreads()));
		if (cpu.inProcessServer() != null) {
			text.append(", in-process server thread ").append(cores(cpu.inProcessServer()));
		}
		text.append(", server ").append((cpu.server() != null) ? cores(cpu.server()) : "unknown (give --server-pid)");
		return text.toString();
	}

	private static String cores(Double cores) {
		return (cores != null) ? String.format(Locale.ROOT, "%.2f", cores) : "unknown";
	}

	private static String micros(double micros) {
		return String.format(Locale.ROOT, "%,.1f us", micros);
	}

	private static void row(StringBuilder table, String name, String value, String note) {
		table.append(String.format(Locale.ROOT, "  %-14s %16s  %s", name, value, note).stripTrailing())
			.append(System.lineSeparator());
	}

}
