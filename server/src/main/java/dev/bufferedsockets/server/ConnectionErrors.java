package dev.bufferedsockets.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;

import dev.bufferedsockets.protocol.FailureCause;
import dev.bufferedsockets.protocol.FrameException;
import dev.bufferedsockets.protocol.IdleTimeoutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
	private final Map<FailureCause, LongAdder> counts = new EnumMap<>(FailureCause.class);

	private final MeterRegistry meters;

	public ConnectionErrors(MeterRegistry meters) {
		this.meters = meters;
		for (FailureCause cause : FailureCause.values()) {
			this.counts.put(cause, new LongAdder());
			counter(cause);
		}
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
		FailureCause cause = causeOf(failure);
		boolean clientBrokeTheProtocol = cause == FailureCause.FRAME_TOO_LARGE || cause == FailureCause.INVALID_UTF8;
		record(cause, "Closing connection " + connection.getConnectionId() + " (" + cause + "): "
				+ failure.getMessage(), clientBrokeTheProtocol);
	}

	/** Count a refusal under {@code cause} whose log line its caller writes, once for a whole burst. */
	public void count(FailureCause cause) {
		this.counts.get(cause).increment();
		counter(cause).increment();
	}

	/** Log one line about a connection the server closed or refused, and count it under {@code cause}. */
	public void record(FailureCause cause, String line, boolean warn) {
		this.counts.get(cause).increment();
		counter(cause).increment();
		if (warn) {
			logger.warn(line);
		}
		else {
			logger.info(line);
		}
	}

	private Counter counter(FailureCause cause) {
		return Counter.builder(METER)
			.description("Server connections closed or refused because of a failure, by cause")
			.tag("cause", cause.key())
			.register(this.meters);
	}

	/** @return how many connections each cause that occurred has closed since the application started, by cause key */
	public Map<String, Long> counts() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.counts.forEach((cause, count) -> {
			long sum = count.sum();
			if (sum > 0) {
				snapshot.put(cause.key(), sum);
			}
		});
		return snapshot;
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while (current instanceof UncheckedIOException && current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/** ETIMEDOUT from the kernel: unanswered keepalive probes or retransmissions (a vanished peer). */
	private static boolean isKernelTimeout(Throwable failure) {
		return failure instanceof IOException && "Connection timed out".equals(failure.getMessage());
	}

	private static FailureCause causeOf(Throwable failure) {
		if (failure instanceof FrameException frameException) {
			return frameException.cause();
		}
		if (failure instanceof IdleTimeoutException) {
			return FailureCause.IDLE_TIMEOUT;
		}
		if (failure instanceof SocketTimeoutException || isKernelTimeout(failure)) {
			return FailureCause.TIMEOUT;
		}
		if (failure instanceof SSLException) {
			return FailureCause.TLS;
		}
		if (failure instanceof SocketException) {
			return FailureCause.RESET;
		}
		if (failure instanceof IOException) {
			return FailureCause.IO;
		}
		return FailureCause.INTERNAL;
	}

}
