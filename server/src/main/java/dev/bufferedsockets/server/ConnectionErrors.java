package dev.bufferedsockets.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.bufferedsockets.protocol.FrameException;
import dev.bufferedsockets.protocol.IdleTimeoutException;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.stereotype.Component;

/**
 * Logs, once and at a level that fits its cause, every failure that ends a server connection,
 * and every connection refused on arrival, and counts them by cause.
 *
 * <p>Bad frames and refusals are logged as warnings; resets, timeouts and hang-ups in the middle of
 * a frame are ordinary network life and logged at info. A clean close between frames, or a close
 * the server itself made, is not a failure at all.
 */
@Component
public class ConnectionErrors {

	private static final Log logger = LogFactory.getLog(ConnectionErrors.class);

	/** Micrometer name of the per-cause counter. */
	public static final String METER = "buffered.server.connection.errors";

	/**
	 * Every cause {@link #causeOf} can name. Their counters exist from the start, at zero, so that
	 * Prometheus sees a series before its first failure and {@code increase()} counts that one too.
	 */
	private static final List<String> CAUSES = List.of("frame-too-large", "invalid-utf8", "truncated-frame",
			"frame-timeout", "idle-timeout", "timeout", "tls", "reset", "io", "internal", "not-allowed",
			"too-many-connections");

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	public ConnectionErrors(MeterRegistry meters) {
		this.meters = meters;
		CAUSES.forEach(this::counter);
	}

	@EventListener
	void onConnectionException(TcpConnectionExceptionEvent event) {
		if (!(event.getSource() instanceof CountingConnectionInterceptor connection)
				|| connection.isClosedByServer()) {
			return;
		}
		Throwable failure = unwrap(event.getCause());
		if (failure instanceof SoftEndOfStreamException) {
			return;
		}
		String cause = causeOf(failure);
		boolean clientBrokeTheProtocol = failure instanceof FrameException && !"truncated-frame".equals(cause)
				&& !"frame-timeout".equals(cause);
		record(cause, "Closing connection " + connection.getConnectionId() + " (" + cause + "): "
				+ failure.getMessage(), clientBrokeTheProtocol);
	}

	/** Log one line about a connection the server closed or refused, and count it under {@code cause}. */
	void record(String cause, String line, boolean warn) {
		this.counts.computeIfAbsent(cause, key -> new LongAdder()).increment();
		counter(cause).increment();
		if (warn) {
			logger.warn(line);
		}
		else {
			logger.info(line);
		}
	}

	private Counter counter(String cause) {
		return Counter.builder(METER)
			.description("Server connections closed or refused because of a failure, by cause")
			.tag("cause", cause)
			.register(this.meters);
	}

	/** @return how many connections each cause has closed since the application started */
	public Map<String, Long> counts() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.counts.forEach((cause, count) -> snapshot.put(cause, count.sum()));
		return snapshot;
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while (current instanceof UncheckedIOException && current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	private static String causeOf(Throwable failure) {
		if (failure instanceof FrameException frameException) {
			return frameException.cause();
		}
		if (failure instanceof IdleTimeoutException) {
			return "idle-timeout";
		}
		if (failure instanceof SocketTimeoutException) {
			return "timeout";
		}
		if (failure instanceof SSLException) {
			return "tls";
		}
		if (failure instanceof SocketException) {
			return "reset";
		}
		if (failure instanceof IOException) {
			return "io";
		}
		return "internal";
	}

}
