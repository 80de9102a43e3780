package dev.bufferedsockets.ops;

import java.util.List;

import dev.bufferedsockets.ops.UsersProperties.Role;
import dev.bufferedsockets.server.ConnectionErrors;
import dev.bufferedsockets.server.ConnectionInfo;
import dev.bufferedsockets.server.ConnectionTracker;
import dev.bufferedsockets.server.ServerProperties;
import dev.bufferedsockets.server.TrafficMeters;
import dev.bufferedsockets.server.TrafficTotals;
import dev.bufferedsockets.server.lifecycle.BufferedServer;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/tcpserver}: the TCP side's state and connections, and the keepRunning toggle.
 * <pre>
 * GET  /actuator/tcpserver                               state, traffic totals and open connections
 * POST /actuator/tcpserver  {"keepRunning": false|true}  stop or resume listening; returns the new state
 * </pre>
 * Both say whether the caller may switch keepRunning ({@code canToggle}: an operator), so the status
 * page offers the switch only to those who may use it; {@link SecurityConfiguration} enforces it.
 */
@Component
@Endpoint(id = "tcpserver")
public class TcpServerEndpoint {

	private final BufferedServer server;

	private final ServerProperties properties;

	private final ConnectionTracker connections;

	private final ConnectionErrors errors;

	private final TrafficMeters traffic;

	public TcpServerEndpoint(BufferedServer server, ServerProperties properties, ConnectionTracker connections,
			ConnectionErrors errors, TrafficMeters traffic) {
		this.server = server;
		this.properties = properties;
		this.connections = connections;
		this.errors = errors;
		this.traffic = traffic;
	}

	@ReadOperation
	public TcpServerStatus status(SecurityContext caller) {
		List<ConnectionInfo> open = this.connections.openConnections();
		TrafficTotals totals = this.traffic.totals();
		return new TcpServerStatus(this.server.isKeepRunning(), this.server.isListening(),
				this.server.getBindAddress(), this.server.getPort(), this.properties.bufferSize(),
				this.properties.maxMessageBytes(), open.size(), this.connections.totalCount(), totals.messagesIn(),
				totals.messagesOut(), totals.bytesIn(), totals.bytesOut(), this.errors.counts(), open,
				caller.isUserInRole(Role.OPERATOR.name()));
	}

	/** The parameter's name is the JSON key: {@code {"keepRunning": false}}. */
	@WriteOperation
	public TcpServerStatus keepRunning(boolean keepRunning, SecurityContext caller) {
		this.server.setKeepRunning(keepRunning);
		return status(caller);
	}

}
