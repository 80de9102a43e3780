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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.bufferedsockets.protocol.FrameException;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.stereotype.Component;

/**
 * Logs, once and at a level that fits its cause, every failure that ends a server connection,
 * and counts them by cause.
 *
 * <p>Bad frames are the client's fault and logged as warnings; resets and hang-ups in the middle
 * of a frame are ordinary network life and logged at info. A clean close between frames, or a
 * close the server itself made, is not a failure at all.
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
	private static final List<String> CAUSES = List.of("frame-too-large", "invalid-utf8", "truncated-frame", "timeout",
			"reset", "io", "internal");

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
		this.counts.computeIfAbsent(cause, key -> new LongAdder()).increment();
		counter(cause).increment();
		String line = "Closing connection " + connection.getConnectionId() + " (" + cause + "): "
				+ failure.getMessage();
		if (failure instanceof FrameException && !"truncated-frame".equals(cause)) {
			logger.warn(line);
		}
		else {
			logger.info(line);
		}
	}

	private Counter counter(String cause) {
		return Counter.builder(METER)
			.description("Server connections closed by a failure, by cause")
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
		if (failure instanceof SocketTimeoutException) {
			return "timeout";
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
