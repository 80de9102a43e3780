package dev.bufferedsockets.gateway;

import org.springframework.integration.annotation.MessagingGateway;

/**
 * The buffered-sockets server as a Java interface: inject it and call {@link #exchange}.
 * Spring Integration implements it on a TCP outbound gateway configured by {@code buffered.client.*}.
 */
@MessagingGateway(defaultRequestChannel = BufferedGatewayAutoConfiguration.REQUEST_CHANNEL,
		errorChannel = BufferedGatewayAutoConfiguration.ERROR_CHANNEL)
public interface BufferedGateway {

	/**
	 * Send one message and wait for the server's reply.
	 * @throws ServerUnavailableException if the server cannot be reached, closes the connection,
	 * or does not reply within {@code buffered.client.timeout}
	 * @throws IllegalArgumentException if the message holds an unpaired surrogate (not encodable as UTF-8)
	 */
	// Declared although unchecked: Spring Integration then rethrows it as is instead of its cause.
	String exchange(String message) throws ServerUnavailableException;

}
