package dev.bufferedsockets.gateway;

import java.util.concurrent.CompletableFuture;

import reactor.core.publisher.Mono;

import org.springframework.integration.annotation.AnnotationConstants;
import org.springframework.integration.annotation.Gateway;
import org.springframework.integration.annotation.MessagingGateway;

/**
 * The buffered-sockets server as a Java interface: inject it and call {@link #exchange}, or
 * {@link #exchangeAsync} to go on without waiting. Spring Integration implements it on pipelined,
 * pooled connections configured by {@code buffered.client.*}: calls from any number of threads share
 * {@code pool-size} connections, each carrying up to {@code max-in-flight} calls.
 */
@MessagingGateway(defaultRequestChannel = BufferedGatewayAutoConfiguration.REQUEST_CHANNEL,
		errorChannel = BufferedGatewayAutoConfiguration.ERROR_CHANNEL, asyncExecutor = AnnotationConstants.NULL,
		mapper = GatewayMessages.BEAN_NAME)
public interface BufferedGateway {

	/**
	 * Send one message and wait for the server's reply.
	 * @throws ServerUnavailableException if the server cannot be reached, closes the connection,
	 * or does not reply within {@code buffered.client.timeout}
	 * @throws IllegalArgumentException if the message is null or holds an unpaired surrogate (not
	 * encodable as UTF-8)
	 */
	// Declared although unchecked: Spring Integration then rethrows it as is instead of its cause.
	String exchange(String message) throws ServerUnavailableException;

	/**
	 * Send one message and return at once with the future reply. The future fails with
	 * {@link ServerUnavailableException} when {@link #exchange} would throw it. Functions chained to
	 * it without an executor run on the thread that read the reply: keep them short, or use the
	 * {@code ...Async} variants. When every connection already has {@code max-in-flight} calls
	 * waiting, this waits for room first, at most {@code buffered.client.timeout}.
	 * @throws IllegalArgumentException if the message is null or holds an unpaired surrogate
	 */
	// A default method so that an application's own implementation (a test double) need only write exchange.
	@Gateway(requestChannel = BufferedGatewayAutoConfiguration.ASYNC_REQUEST_CHANNEL)
	default CompletableFuture<String> exchangeAsync(String message) {
		try {
			return CompletableFuture.completedFuture(exchange(message));
		}
		catch (ServerUnavailableException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * {@link #exchangeAsync} for Reactor: nothing is sent until the {@code Mono} is subscribed to.
	 * Reactor comes with Spring Integration, so this costs an application nothing it does not have.
	 */
	default Mono<String> exchangeReactive(String message) {
		return Mono.fromFuture(() -> exchangeAsync(message));
	}

}
