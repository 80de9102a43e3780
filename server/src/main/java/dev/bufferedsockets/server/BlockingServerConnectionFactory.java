package dev.bufferedsockets.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The thread-per-connection listener, used for TLS ({@code buffered.server.ssl-bundle}): each
 * connection is a {@link BlockingServerConnection} read, handled and answered on a thread of its
 * own, through a blocking {@code SSLSocket}. Restartable as {@link RestartableListener} describes.
 */
public class BlockingServerConnectionFactory extends TcpNetServerConnectionFactory implements RestartableListener {

	private final ListenerState state = new ListenerState();

	public BlockingServerConnectionFactory(int port) {
		super(port);
	}

	@Override
	public int getPort() {
		return this.state.port(super.getPort());
	}

	@Override
	public void permitListening(boolean permitted) {
		this.state.permitListening(permitted);
	}

	@Override
	public void start() {
		if (this.state.isListeningPermitted()) {
			super.start();
		}
	}

	@Override
	public void run() {
		this.state.runAcceptLoop(super::run);
	}

	@Override
	public void stopAccepting(Duration timeout) throws InterruptedException {
		ServerSocket serverSocket = getServerSocket();
		if (serverSocket != null) {
			try {
				serverSocket.close();
			}
			catch (IOException ex) {
				// already unusable: that is all we wanted
			}
		}
		awaitAcceptLoopExit(timeout);
	}

	@Override
	public boolean awaitAcceptLoopExit(Duration timeout) throws InterruptedException {
		return this.state.awaitAcceptLoopExit(timeout);
	}

	@Override
	protected ServerSocket createServerSocket(int port, int backlog, InetAddress whichNic) throws IOException {
		ServerSocket serverSocket = super.createServerSocket(this.state.portToBind(port), backlog, whichNic);
		this.state.bound(serverSocket.getLocalPort());
		return serverSocket;
	}

}
