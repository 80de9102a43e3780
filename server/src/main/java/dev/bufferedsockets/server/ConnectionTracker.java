package dev.bufferedsockets.server;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.stereotype.Component;

/**
 * Knows the server's open connections and their counters, and drains them when the server stops.
 *
 * <p>It gives each server connection a {@link CountingConnectionInterceptor} and follows Spring
 * Integration's open and close events, keyed by the framework's own connection ids.
 */
@Component
public class ConnectionTracker implements TcpConnectionInterceptorFactory, ApplicationEventPublisherAware {

	private final Map<String, CountingConnectionInterceptor> open = new ConcurrentHashMap<>();

	private final AtomicLong total = new AtomicLong();

	private final TrafficMeters traffic;

	private final int headerBytes;

	private ApplicationEventPublisher publisher;

	public ConnectionTracker(TrafficMeters traffic, ServerProperties properties) {
		this.traffic = traffic;
		this.headerBytes = properties.headerBytes();
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public TcpConnectionInterceptorSupport getInterceptor() {
		return new CountingConnectionInterceptor(this.publisher, this.traffic, this.headerBytes);
	}

	@EventListener
	void onOpen(TcpConnectionOpenEvent event) {
		if (event.getSource() instanceof CountingConnectionInterceptor connection) {
			this.open.put(connection.getConnectionId(), connection);
			this.total.incrementAndGet();
		}
	}

	@EventListener
	void onClose(TcpConnectionCloseEvent event) {
		if (event.getSource() instanceof CountingConnectionInterceptor connection
				&& this.open.remove(connection.getConnectionId()) != null) {
			synchronized (this.open) {
				this.open.notifyAll();
			}
		}
	}

	/** Ask every open connection to finish its reply in hand and half-close. */
	public void drainAll() {
		this.open.values().forEach(CountingConnectionInterceptor::drain);
	}

	/** @return true if every connection closed within {@code timeout} */
	public boolean awaitAllClosed(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.open) {
			while (!this.open.isEmpty()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.open, left);
			}
		}
		return true;
	}

	/** @return the open connections, oldest first */
	public List<ConnectionInfo> openConnections() {
		return this.open.values().stream()
				.sorted(Comparator.comparing(CountingConnectionInterceptor::connectedAt))
				.map(CountingConnectionInterceptor::snapshot)
				.toList();
	}

	public int openCount() {
		return this.open.size();
	}

	/** @return connections accepted since the application started */
	public long totalCount() {
		return this.total.get();
	}

}
