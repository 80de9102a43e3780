package dev.bufferedsockets.server.admission;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bufferedsockets.protocol.FailureCause;
import dev.bufferedsockets.server.ConnectionErrors;
import dev.bufferedsockets.server.ServerProperties;

/**
 * Decides whether an arriving connection may stay: its address must be on the allow-list and the
 * server must be below its connection limit. Refusals are closed before any byte is read, logged
 * once and counted by {@link ConnectionErrors}; other clients never notice them.
 */
public class ConnectionAdmission {

	/** Why a connection was refused. */
	public record Refusal(FailureCause cause, String reason) {
	}

	private final AllowList allowList;

	private final int maxConnections;

	private final ConnectionErrors errors;

	private final AtomicInteger admitted = new AtomicInteger();

	public ConnectionAdmission(ServerProperties properties, ConnectionErrors errors) {
		this.allowList = new AllowList(properties.allowedCidrs());
		this.maxConnections = properties.maxConnections();
		this.errors = errors;
	}

	/** @return null if the connection is admitted (and then counts until {@link #release()}), else why not */
	public Refusal admit(InetAddress peer) {
		if (!this.allowList.allows(peer)) {
			return new Refusal(FailureCause.NOT_ALLOWED, "address not in buffered.server.allowed-cidrs");
		}
		if (this.admitted.incrementAndGet() > this.maxConnections) {
			this.admitted.decrementAndGet();
			return new Refusal(FailureCause.TOO_MANY_CONNECTIONS,
					"buffered.server.max-connections (" + this.maxConnections + ") reached");
		}
		return null;
	}

	public void release() {
		this.admitted.decrementAndGet();
	}

	public void refused(Refusal refusal, InetSocketAddress peer) {
		this.errors.record(refusal.cause(), "Refused connection from " + peer.getAddress().getHostAddress() + ":"
				+ peer.getPort() + ": " + refusal.reason(), true);
	}


}
