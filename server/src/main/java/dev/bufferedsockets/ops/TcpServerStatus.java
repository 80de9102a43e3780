package dev.bufferedsockets.ops;

import java.util.List;
import java.util.Map;

import dev.bufferedsockets.server.ConnectionInfo;

/**
 * The body of {@code GET /actuator/tcpserver}.
 *
 * @param keepRunning whether the server is meant to be running (the seed's {@code keep_running})
 * @param listening whether the TCP port accepts connections right now
 * @param bindAddress local address the listener binds
 * @param port TCP port
 * @param bufferSize most bytes read per socket call
 * @param maxMessageBytes largest payload accepted
 * @param openConnections connections open now
 * @param totalConnections connections accepted since start
 * @param messagesIn frames received since start, over all connections
 * @param messagesOut frames sent since start
 * @param bytesIn bytes received since start, headers included
 * @param bytesOut bytes sent since start, headers included
 * @param errors connections closed by a failure since start, by cause
 * @param connections the open connections
 * @param canToggle whether the caller may switch keepRunning (an operator; a viewer may not)
 */
public record TcpServerStatus(boolean keepRunning, boolean listening, String bindAddress, int port, int bufferSize,
		int maxMessageBytes, int openConnections, long totalConnections, long messagesIn, long messagesOut,
		long bytesIn, long bytesOut, Map<String, Long> errors, List<ConnectionInfo> connections,
		boolean canToggle) {
}
