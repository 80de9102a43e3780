package dev.bufferedsockets.server;

import java.net.Socket;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;

/**
 * A server connection whose read failures are not logged at ERROR by Spring Integration.
 *
 * <p>A client that resets, hangs up mid-frame or sends a bad frame is misbehaving, not a fault of
 * the server. {@link ConnectionErrors} logs each such failure once, at a level that fits its
 * cause, and counts it; this class only stops the framework from logging it again as an error.
 */
class QuietTcpNetConnection extends TcpNetConnection {

	QuietTcpNetConnection(Socket socket, boolean server, boolean lookupHost,
			ApplicationEventPublisher applicationEventPublisher, String connectionFactoryName) {
		super(socket, server, lookupHost, applicationEventPublisher, connectionFactoryName);
	}

	@Override
	protected boolean handleReadException(Exception exception) {
		setNoReadErrorOnClose(true);
		return super.handleReadException(exception);
	}

}
