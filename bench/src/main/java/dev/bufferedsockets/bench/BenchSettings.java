package dev.bufferedsockets.bench;

import java.time.Duration;

/**
 * One load-generator run: where to send, what, how hard and for how long.
 *
 * @param host server host
 * @param port server TCP port
 * @param connections connections opened, each driven independently
 * @param payloadBytes bytes in every request payload
 * @param depth requests in flight per connection; 1 is plain request/response
 * @param duration how long replies are measured, after the warmup
 * @param warmup how long load runs before measuring starts (JIT, pools, TCP windows)
 * @param text what the payloads hold
 * @param threads selector threads driving all connections
 * @param serverPid the server's process id, to report its CPU next to ours; 0 when unknown
 * @param truncateChars code points the server drops from the start of each payload (10 for this protocol)
 * @param tls TLS for every connection, or null for plain TCP
 */
public record BenchSettings(String host, int port, int connections, int payloadBytes, int depth, Duration duration,
		Duration warmup, PayloadText text, int threads, long serverPid, int truncateChars, BenchTls tls) {

	/** Plain TCP. */
	public BenchSettings(String host, int port, int connections, int payloadBytes, int depth, Duration duration,
			Duration warmup, PayloadText text, int threads, long serverPid, int truncateChars) {
		this(host, port, connections, payloadBytes, depth, duration, warmup, text, threads, serverPid, truncateChars,
				null);
	}

	public BenchSettings {
		require(truncateChars >= 0, "truncateChars must not be negative, was " + truncateChars);
		require(connections >= 1, "connections must be at least 1, was " + connections);
		require(payloadBytes >= 0, "payloadBytes must not be negative, was " + payloadBytes);
		require(depth >= 1, "depth must be at least 1, was " + depth);
		require(!duration.isNegative() && !duration.isZero(), "duration must be positive, was " + duration);
		require(!warmup.isNegative(), "warmup must not be negative, was " + warmup);
		require(threads >= 1, "threads must be at least 1, was " + threads);
	}

	/** @return the same run against another server (the sweep points one matrix at several) */
	public BenchSettings withTarget(String host, int port, long serverPid) {
		return new BenchSettings(host, port, this.connections, this.payloadBytes, this.depth, this.duration,
				this.warmup, this.text, this.threads, serverPid, this.truncateChars, this.tls);
	}

	/** @return the same target with another load shape */
	public BenchSettings withShape(int connections, int payloadBytes, int depth) {
		return new BenchSettings(this.host, this.port, connections, payloadBytes, depth, this.duration, this.warmup,
				this.text, this.threads, this.serverPid, this.truncateChars, this.tls);
	}

	/** @return the same run over TLS, or over plain TCP if {@code tls} is null */
	public BenchSettings withTls(BenchTls tls) {
		return new BenchSettings(this.host, this.port, this.connections, this.payloadBytes, this.depth, this.duration,
				this.warmup, this.text, this.threads, this.serverPid, this.truncateChars, tls);
	}

	/** @return the same shape and timings with another measured window and warmup */
	public BenchSettings withTimings(Duration duration, Duration warmup) {
		return new BenchSettings(this.host, this.port, this.connections, this.payloadBytes, this.depth, duration,
				warmup, this.text, this.threads, this.serverPid, this.truncateChars, this.tls);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
