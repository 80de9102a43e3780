package dev.bufferedsockets.ops;

import dev.bufferedsockets.server.lifecycle.BufferedServer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code tcpServer} health component: UP while listening, OUT_OF_SERVICE once keepRunning is
 * false (stopped on purpose), DOWN if it should listen but does not, or listens but cannot accept
 * (out of file descriptors, until it recovers by itself).
 */
@Component
public class TcpServerHealthIndicator implements HealthIndicator {

	private final BufferedServer server;

	public TcpServerHealthIndicator(BufferedServer server) {
		this.server = server;
	}

	@Override
	public Health health() {
		Health.Builder health;
		String acceptFailure = this.server.acceptFailure();
		if (this.server.isListening() && acceptFailure != null) {
			health = Health.down().withDetail("acceptFailure", acceptFailure);
		}
		else if (this.server.isListening()) {
			health = Health.up();
		}
		else if (!this.server.isKeepRunning()) {
			health = Health.outOfService();
		}
		else {
			health = Health.down();
		}
		return health.withDetail("keepRunning", this.server.isKeepRunning())
			.withDetail("port", this.server.getPort())
			.build();
	}

}
