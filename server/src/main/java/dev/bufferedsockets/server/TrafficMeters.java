package dev.bufferedsockets.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;

import org.springframework.stereotype.Component;

/**
 * The server's traffic, over all connections since start: frames and bytes in each direction, and
 * how long each reply takes.
 *
 * <p>Every connection's {@link CountingConnectionInterceptor} adds to these same meters, which are
 * registered once here: the hot path increments a {@link LongAdder} or records into a timer it
 * already holds, with no registry lookup and no tags built per frame.
 * <pre>
 * buffered.server.frames{direction=in|out}   counter, frames
 * buffered.server.bytes{direction=in|out}    counter, bytes (4-byte headers included)
 * buffered.server.replies                    timer with a percentile histogram: frame read to reply written
 * </pre>
 */
@Component
public class TrafficMeters {

	public static final String FRAMES = "buffered.server.frames";

	public static final String BYTES = "buffered.server.bytes";

	public static final String REPLIES = "buffered.server.replies";

	/** A small frame's reply takes well under a millisecond; the buckets start low enough to tell. */
	private static final Duration FASTEST_EXPECTED_REPLY = Duration.ofNanos(100_000);

	private static final Duration SLOWEST_EXPECTED_REPLY = Duration.ofSeconds(10);

	private final LongAdder framesIn = new LongAdder();

	private final LongAdder framesOut = new LongAdder();

	private final LongAdder bytesIn = new LongAdder();

	private final LongAdder bytesOut = new LongAdder();

	private final Timer replies;

	public TrafficMeters(MeterRegistry registry) {
		String frames = "Frames received from clients (direction=in) and sent to them (out)";
		counter(registry, FRAMES, "in", this.framesIn, "frames", frames);
		counter(registry, FRAMES, "out", this.framesOut, "frames", frames);
		String bytes = "Frame bytes received (direction=in) and sent (out), 4-byte headers included";
		counter(registry, BYTES, "in", this.bytesIn, BaseUnits.BYTES, bytes);
		counter(registry, BYTES, "out", this.bytesOut, BaseUnits.BYTES, bytes);
		this.replies = Timer.builder(REPLIES)
			.description("Time from a frame fully read to its reply written")
			.publishPercentileHistogram()
			.minimumExpectedValue(FASTEST_EXPECTED_REPLY)
			.maximumExpectedValue(SLOWEST_EXPECTED_REPLY)
			.register(registry);
	}

	void received(int frames, long frameBytes) {
		this.framesIn.add(frames);
		this.bytesIn.add(frameBytes);
	}

	void sent(int frames, long frameBytes) {
		this.framesOut.add(frames);
		this.bytesOut.add(frameBytes);
	}

	/** Each of {@code frames} frames, read together and answered together, waited {@code nanos}. */
	void replied(int frames, long nanos) {
		for (int i = 0; i < frames; i++) {
			this.replies.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	/** @return what all connections have received and sent since the application started */
	public TrafficTotals totals() {
		return new TrafficTotals(this.framesIn.sum(), this.framesOut.sum(), this.bytesIn.sum(), this.bytesOut.sum());
	}

	private static void counter(MeterRegistry registry, String name, String direction, LongAdder count, String unit,
			String description) {
		FunctionCounter.builder(name, count, LongAdder::doubleValue)
			.tag("direction", direction)
			.baseUnit(unit)
			.description(description)
			.register(registry);
	}

}
