package dev.bufferedsockets.bench;

import java.util.List;

/**
 * What one run measured. Throughput and latency count only replies that arrived inside the
 * measurement window, every one of them verified byte for byte.
 *
 * @param target host:port the run loaded
 * @param connections connections opened
 * @param payloadBytes request payload bytes
 * @param depth requests in flight per connection
 * @param text what the payloads held
 * @param warmupSeconds load before measuring
 * @param seconds length of the measurement window
 * @param messages replies received and verified in the window
 * @param messagesPerSecond {@code messages / seconds}
 * @param megabytesPerSecond request payload bytes answered per second, in 10^6 bytes (headers and reply bytes not counted)
 * @param replyMegabytesPerSecond reply payload bytes received per second, in 10^6 bytes
 * @param latencyMicros time from a request's last byte written to its reply's last byte read
 * @param errors failures: refused or lost connections, wrong or missing replies
 * @param errorSamples the first few failures, word for word
 * @param connectMillis time to open every connection before the run
 * @param cpu how busy the generator and the server were during the window
 */
public record BenchResult(String target, int connections, int payloadBytes, int depth, PayloadText text,
		double warmupSeconds, double seconds, long messages, double messagesPerSecond, double megabytesPerSecond,
		double replyMegabytesPerSecond, Latency latencyMicros, long errors, List<String> errorSamples,
		double connectMillis, CpuSplit cpu) {

	/**
	 * Latency percentiles in microseconds, from an HdrHistogram with 3 significant digits.
	 *
	 * @param count replies recorded; equals {@code messages}
	 */
	public record Latency(long count, double p50, double p99, double p999, double max) {
	}

	/**
	 * CPU used during the measurement window, in cores (CPU seconds per second of wall time).
	 *
	 * @param generatorThreads the generator's selector threads
	 * @param generatorProcess the whole generator JVM, null if the platform does not tell (includes JIT, GC and, with {@code --in-process}, the echo server)
	 * @param server the server process, when its pid is known, else null
	 * @param inProcessServer the in-process echo server's thread, with {@code --in-process}, else null
	 * @param machineCores cores the JVM sees
	 */
	public record CpuSplit(double generatorThreads, Double generatorProcess, Double server, Double inProcessServer,
			int machineCores) {
	}

}
