package dev.bufferedsockets.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A thread-per-connection server factory that listens on the same port every time it starts.
 *
 * <p>With port 0 the operating system picks a free port on the first start; when keepRunning
 * turns the listener off and on again, clients expect to find it where it was, so later starts
 * bind that same port instead of another random one.
 */
public class StickyPortServerConnectionFactory extends TcpNetServerConnectionFactory {

	private volatile int boundPort;

	public StickyPortServerConnectionFactory(int port) {
		super(port);
	}

	/** @return the port clients connect to: the bound one once known, else the configured one */
	@Override
	public int getPort() {
		int port = this.boundPort;
		return (port != 0) ? port : super.getPort();
	}

	@Override
	protected ServerSocket createServerSocket(int port, int backlog, InetAddress whichNic) throws IOException {
		int portToBind = (port == 0) ? this.boundPort : port;
		ServerSocket serverSocket = super.createServerSocket(portToBind, backlog, whichNic);
		this.boundPort = serverSocket.getLocalPort();
		return serverSocket;
	}

}
