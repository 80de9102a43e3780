package dev.bufferedsockets.gateway;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * What the gateway is doing, as plain counters: read by {@link GatewayMeters} when the application
 * has Micrometer, and costing nothing more than an increment per failure when it has not.
 */
final class GatewayStatus {

	private final IntSupplier openConnections;

	private final IntSupplier callsInFlight;

	private final IntSupplier callersWaitingForRoom;

	private final LongAdder retried = new LongAdder();

	private final Map<CallFailure, LongAdder> failures = new EnumMap<>(CallFailure.class);

	GatewayStatus(IntSupplier openConnections, IntSupplier callsInFlight, IntSupplier callersWaitingForRoom) {
		this.openConnections = openConnections;
		this.callsInFlight = callsInFlight;
		this.callersWaitingForRoom = callersWaitingForRoom;
		for (CallFailure failure : CallFailure.values()) {
			this.failures.put(failure, new LongAdder());
		}
	}

	/** @return connections open now */
	int openConnections() {
		return this.openConnections.getAsInt();
	}

	/** @return calls sent (or being sent) and waiting for their reply */
	int callsInFlight() {
		return this.callsInFlight.getAsInt();
	}

	/** @return callers waiting for room because every connection has {@code max-in-flight} calls */
	int callersWaitingForRoom() {
		return this.callersWaitingForRoom.getAsInt();
	}

	/** @return calls sent again after their connection was lost */
	long retried() {
		return this.retried.sum();
	}

	/** @return calls that failed for {@code failure} */
	long failures(CallFailure failure) {
		return this.failures.get(failure).sum();
	}

	void countRetry() {
		this.retried.increment();
	}

	void countFailure(CallFailure failure) {
		this.failures.get(failure).increment();
	}

}
