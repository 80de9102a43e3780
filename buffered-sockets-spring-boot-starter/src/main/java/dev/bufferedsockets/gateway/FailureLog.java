package dev.bufferedsockets.gateway;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.log.LogAccessor;

/**
 * The WARN lines of failed calls, at most one a second for each {@link CallFailure}: the first
 * failure of a cause is logged at once, and each later line says how many more calls failed that
 * way since the one before. A server that is down while an application calls it thousands of
 * times a second then costs the log a line a second rather than a line a call; every failure is
 * still counted, one by one, in {@link GatewayStatus} and its meters.
 */
final class FailureLog {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final LogAccessor logger = new LogAccessor(BufferedGateway.class);

	private final Map<CallFailure, Cause> causes = new EnumMap<>(CallFailure.class);

	FailureLog() {
		for (CallFailure failure : CallFailure.values()) {
			this.causes.put(failure, new Cause());
		}
	}

	/** A call failed for {@code failure}, as {@code message} says: log it, or count it for the next line. */
	void failed(CallFailure failure, String message) {
		Cause cause = this.causes.get(failure);
		long now = System.nanoTime();
		long last = cause.lastLine.get();
		if (now - last < INTERVAL.toNanos() || !cause.lastLine.compareAndSet(last, now)) {
			cause.unlogged.incrementAndGet();
			return;
		}
		long more = cause.unlogged.getAndSet(0);
		logger.warn(() -> "BufferedGateway call failed: " + message + ((more == 0) ? ""
				: " (and " + more + " more calls failed with cause " + failure.tag() + " since the last such line)"));
	}

	private static final class Cause {

		/** When the last line for this cause was logged; as if long ago at first. */
		final AtomicLong lastLine = new AtomicLong(System.nanoTime() - INTERVAL.toNanos());

		/** Failures since that line. */
		final AtomicLong unlogged = new AtomicLong();

	}

}
