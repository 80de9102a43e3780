package dev.bufferedsockets.server.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.bufferedsockets.server.ConnectionTracker;
import dev.bufferedsockets.server.ServerProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;
import org.springframework.integration.ip.tcp.inbound.TcpInboundGateway;

/**
 * The server as the original assignment describes it, on top of the inbound gateway.
 *
 * <ul>
 * <li>{@code keepRunning} starts true. Setting it false stops listening and drains every client
 * connection: frames already received get their replies, then the connection closes (or is
 * closed once {@code drain-timeout} has passed). Setting it true listens again on the same port,
 * without restarting anything.</li>
 * <li>{@link #start()} listens (if keepRunning is true) and blocks until keepRunning is set false.</li>
 * <li>{@link #shutdown()} stops for good and releases the listener and its threads.</li>
 * </ul>
 * Changes of state return only once they have taken effect: after {@code setKeepRunning(true)}
 * the port accepts connections.
 */
public class BufferedServer {

	private static final Log logger = LogFactory.getLog(BufferedServer.class);

	private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

	private final TcpInboundGateway gateway;

	private final RestartableListener connectionFactory;

	private final String bindAddress;

	private final ConnectionTracker connections;

	private final Duration drainTimeout;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition stopped = this.lock.newCondition();

	private volatile boolean keepRunning = true;

	private boolean shutDown;

	private volatile CompletableFuture<Integer> listening = new CompletableFuture<>();

	public BufferedServer(TcpInboundGateway gateway, RestartableListener connectionFactory,
			ConnectionTracker connections, ServerProperties properties) {
		this.gateway = gateway;
		this.connectionFactory = connectionFactory;
		this.connections = connections;
		this.bindAddress = properties.bindAddress();
		this.drainTimeout = properties.drainTimeout();
	}

	/**
	 * Listen, then block until keepRunning is set false. Returns at once if it already is.
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public void start() throws InterruptedException {
		this.lock.lock();
		try {
			if (this.keepRunning) {
				listen();
			}
			while (this.keepRunning) {
				this.stopped.await();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Stop for good: close the listener and every connection, and release their threads. */
	public void shutdown() {
		this.lock.lock();
		try {
			this.shutDown = true;
			setKeepRunning(false);
		}
		finally {
			this.lock.unlock();
		}
	}

	public boolean isKeepRunning() {
		return this.keepRunning;
	}

	/**
	 * @param keepRunning false to stop listening and close all connections, true to listen again
	 * @throws ListenerStartException if listening again fails (the port was taken meanwhile)
	 * @throws IllegalStateException if asked to run after {@link #shutdown()}
	 */
	public void setKeepRunning(boolean keepRunning) {
		this.lock.lock();
		try {
			if (keepRunning) {
				if (this.shutDown) {
					throw new IllegalStateException("The server has been shut down; it cannot run again");
				}
				listen();
				this.keepRunning = true;
			}
			else {
				this.keepRunning = false;
				stopListening();
				this.stopped.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	public boolean isListening() {
		return this.gateway.isListening();
	}

	/**
	 * @return why the listener refuses every connection although it listens (the process is out of
	 * file descriptors; it recovers by itself), or null while it accepts them
	 */
	public String acceptFailure() {
		return this.connectionFactory.acceptFailure();
	}

	/** @return the TCP port: the bound one once listening has started, else the configured one */
	public int getPort() {
		return this.connectionFactory.getPort();
	}

	public String getBindAddress() {
		return this.bindAddress;
	}

	@EventListener
	void onListening(TcpConnectionServerListeningEvent event) {
		if (event.getSource() == this.connectionFactory) {
			this.listening.complete(event.getPort());
		}
	}

	@EventListener
	void onServerException(TcpConnectionServerExceptionEvent event) {
		if (event.getSource() == this.connectionFactory) {
			this.listening.completeExceptionally(event.getCause());
		}
	}

	private void listen() {
		if (this.gateway.isListening()) {
			return;
		}
		if (this.gateway.isRunning()) {
			stopGateway(); // a listener that failed earlier leaves the gateway half started
		}
		this.listening = new CompletableFuture<>();
		this.connectionFactory.permitListening(true);
		this.gateway.start(); // binds on another thread: wait until it is really listening
		try {
			int port = this.listening.get(LISTEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			logger.info("Listening for TCP frames on " + this.bindAddress + ":" + port);
		}
		catch (ExecutionException ex) {
			this.connectionFactory.permitListening(false);
			stopGateway();
			throw new ListenerStartException(this.bindAddress, getPort(), ex.getCause());
		}
		catch (TimeoutException | InterruptedException ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			this.connectionFactory.permitListening(false);
			stopGateway();
			throw new ListenerStartException(this.bindAddress, getPort(), ex);
		}
	}

	/**
	 * Refuse new connections, let every open one finish the replies it owes (half-closing it), and
	 * close whatever is still open when the drain timeout runs out.
	 */
	private void stopListening() {
		this.connectionFactory.permitListening(false);
		if (!this.gateway.isRunning()) {
			return;
		}
		try {
			this.connectionFactory.stopAccepting(LISTEN_TIMEOUT);
			this.connections.drainAll();
			if (!this.connections.awaitAllClosed(this.drainTimeout)) {
				logger.info(this.connections.openCount() + " connection(s) still open after the drain timeout ("
						+ this.drainTimeout.toMillis() + " ms); closing them");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		stopGateway();
		logger.info("Stopped listening on " + this.bindAddress + ":" + getPort() + "; connections closed");
	}

	/** Stop, and return only once the accept loop has ended, so a restart cannot race with it. */
	private void stopGateway() {
		this.gateway.stop();
		try {
			if (!this.connectionFactory.awaitAcceptLoopExit(LISTEN_TIMEOUT)) {
				logger.warn("The TCP accept loop did not end within " + LISTEN_TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
