package dev.bufferedsockets.bench;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Counts one selector thread's replies, and records the latency of those that arrive inside the
 * measurement window. Thread-confined; the running total is published for the progress line.
 */
final class ReplyRecorder {

	/** Latencies above this are recorded as this; far beyond any sane run. */
	static final long MAX_TRACKED_NANOS = TimeUnit.MINUTES.toNanos(5);

	private final Histogram latencies = new Histogram(MAX_TRACKED_NANOS, 3);

	private final long windowStart;

	private final long windowEnd;

	private long measuredReplies;

	private long measuredReplyBytes;

	private long totalReplies;

	private volatile long publishedTotal;

	ReplyRecorder(long windowStart, long windowEnd) {
		this.windowStart = windowStart;
		this.windowEnd = windowEnd;
	}

	void reply(long latencyNanos, long now, int payloadBytes) {
		this.totalReplies++;
		if (now >= this.windowStart && now < this.windowEnd) {
			this.measuredReplies++;
			this.measuredReplyBytes += payloadBytes;
			this.latencies.recordValue(Math.min(Math.max(latencyNanos, 0), MAX_TRACKED_NANOS));
		}
	}

	/** Make the running total visible to other threads (once per loop, not per reply). */
	void publish() {
		this.publishedTotal = this.totalReplies;
	}

	long publishedTotal() {
		return this.publishedTotal;
	}

	long measuredReplies() {
		return this.measuredReplies;
	}

	long measuredReplyBytes() {
		return this.measuredReplyBytes;
	}

	Histogram latencies() {
		return this.latencies;
	}

}
