package dev.bufferedsockets.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A thread-per-connection server factory that can be stopped and started again, as keepRunning
 * does, and come back the same.
 *
 * <ul>
 * <li>Same port: with port 0 the OS picks a free port on the first start; later starts bind that
 * port again, where clients expect to find it.</li>
 * <li>Started by its owner only: {@link #start()} listens only while {@link BufferedServer} permits
 * it, so a {@code context.start()}, which starts every lifecycle bean, cannot listen behind the
 * operator's keepRunning false.</li>
 * <li>Clean restart: {@link #awaitAcceptLoopExit} lets the caller wait until the previous accept
 * loop has really ended. Otherwise a loop that notices its closed socket late sees the new start's
 * "active" flag, takes the close for a failure and stops the new listener.</li>
 * </ul>
 */
public class RestartableServerConnectionFactory extends TcpNetServerConnectionFactory {

	private volatile int boundPort;

	private volatile CompletableFuture<Void> acceptLoop = CompletableFuture.completedFuture(null);

	private volatile boolean listeningPermitted;

	public RestartableServerConnectionFactory(int port) {
		super(port);
	}

	/** @return the port clients connect to: the bound one once known, else the configured one */
	@Override
	public int getPort() {
		int port = this.boundPort;
		return (port != 0) ? port : super.getPort();
	}

	/** Allow or forbid {@link #start()} to listen; forbidding does not stop a running listener. */
	void permitListening(boolean permitted) {
		this.listeningPermitted = permitted;
	}

	@Override
	public void start() {
		if (this.listeningPermitted) {
			super.start();
		}
	}

	@Override
	public void run() {
		CompletableFuture<Void> loop = new CompletableFuture<>();
		this.acceptLoop = loop;
		try {
			super.run();
		}
		finally {
			loop.complete(null);
		}
	}

	/**
	 * Close the listening socket, so new connections are refused, but leave the open ones be.
	 * Returns once the accept loop has ended.
	 */
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

	/**
	 * Wait until the accept loop of the last start has returned (call after {@link #stop()}).
	 * @return false if it is still running after {@code timeout}
	 */
	public boolean awaitAcceptLoopExit(Duration timeout) throws InterruptedException {
		try {
			this.acceptLoop.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return true; // it ended, if abnormally
		}
	}

	@Override
	protected ServerSocket createServerSocket(int port, int backlog, InetAddress whichNic) throws IOException {
		int portToBind = (port == 0) ? this.boundPort : port;
		ServerSocket serverSocket = super.createServerSocket(portToBind, backlog, whichNic);
		this.boundPort = serverSocket.getLocalPort();
		return serverSocket;
	}

}
