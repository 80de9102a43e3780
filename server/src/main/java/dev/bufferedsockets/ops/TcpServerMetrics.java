package dev.bufferedsockets.ops;

import dev.bufferedsockets.server.ConnectionTracker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/** Connection meters of the TCP server, read from {@link ConnectionTracker} when scraped. */
@Component
public class TcpServerMetrics implements MeterBinder {

	private final ConnectionTracker connections;

	public TcpServerMetrics(ConnectionTracker connections) {
		this.connections = connections;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("buffered.server.connections.open", this.connections, ConnectionTracker::openCount)
			.description("Client connections open now")
			.register(registry);
		FunctionCounter.builder("buffered.server.connections.accepted", this.connections,
				ConnectionTracker::totalCount)
			.description("Client connections accepted since start")
			.register(registry);
	}

}
