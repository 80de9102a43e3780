package dev.bufferedsockets.server.transport;

import java.time.Duration;

import dev.bufferedsockets.server.ServerProperties;

/**
 * How long a connection may stay silent: inside a frame ({@code frame-timeout}) and between frames
 * ({@code idle-timeout}, zero for ever), and how often the NIO listener checks.
 *
 * @param frame silence allowed in the middle of a frame
 * @param idle silence allowed between frames; zero means no limit
 */
record ConnectionTimeouts(Duration frame, Duration idle) {

	private static final long MIN_CHECK_NANOS = Duration.ofMillis(10).toNanos();

	private static final long MAX_CHECK_NANOS = Duration.ofSeconds(1).toNanos();

	/** Checks per shortest timeout: a connection is closed at most an eighth of it late. */
	private static final int CHECKS_PER_TIMEOUT = 8;

	static ConnectionTimeouts of(ServerProperties properties) {
		return new ConnectionTimeouts(properties.frameTimeout(), properties.idleTimeout());
	}

	long frameNanos() {
		return this.frame.toNanos();
	}

	boolean hasIdle() {
		return !this.idle.isZero();
	}

	long idleNanos() {
		return this.idle.toNanos();
	}

	/** @return how often to check: often enough for the shortest timeout, at least every second */
	long checkIntervalNanos() {
		long shortest = hasIdle() ? Math.min(frameNanos(), idleNanos()) : frameNanos();
		return Math.max(MIN_CHECK_NANOS, Math.min(MAX_CHECK_NANOS, shortest / CHECKS_PER_TIMEOUT));
	}

}
