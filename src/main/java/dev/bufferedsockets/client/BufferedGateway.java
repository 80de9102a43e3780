package dev.bufferedsockets.client;

import org.springframework.integration.annotation.MessagingGateway;

/**
 * The buffered-sockets server as a Java interface: inject it and call {@link #exchange}.
 * Spring Integration implements it on a TCP outbound gateway configured by {@code buffered.client.*}.
 */
@MessagingGateway(defaultRequestChannel = ClientGatewayConfiguration.REQUEST_CHANNEL)
public interface BufferedGateway {

	/**
	 * Send one message and wait for the server's reply.
	 * @throws org.springframework.messaging.MessagingException if the server cannot be reached,
	 * closes the connection, or does not reply within {@code buffered.client.timeout}
	 */
	String exchange(String message);

}
