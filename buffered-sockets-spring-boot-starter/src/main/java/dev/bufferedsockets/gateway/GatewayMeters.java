package dev.bufferedsockets.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The gateway's status as meters of the application's registry: connections open, calls in flight,
 * callers waiting for room, retries and failures by cause. Registered only when the application has
 * Micrometer; Boot binds it to every registry it configures.
 */
final class GatewayMeters implements MeterBinder {

	private final GatewayStatus status;

	GatewayMeters(GatewayStatus status) {
		this.status = status;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("buffered.client.connections.open", this.status, GatewayStatus::openConnections)
			.description("Connections the gateway has open to the server")
			.register(registry);
		Gauge.builder("buffered.client.calls.in-flight", this.status, GatewayStatus::callsInFlight)
			.description("Gateway calls sent and waiting for their reply")
			.register(registry);
		Gauge.builder("buffered.client.calls.waiting", this.status, GatewayStatus::callersWaitingForRoom)
			.description("Gateway callers waiting for room: every connection has max-in-flight calls")
			.register(registry);
		FunctionCounter.builder("buffered.client.calls.retried", this.status, GatewayStatus::retried)
			.description("Gateway calls sent again on a new connection after theirs was lost")
			.register(registry);
		for (CallFailure failure : CallFailure.values()) {
			FunctionCounter.builder("buffered.client.calls.failed", this.status, status -> status.failures(failure))
				.tag("cause", failure.tag())
				.description("Gateway calls that got no reply, by cause")
				.register(registry);
		}
	}

}
