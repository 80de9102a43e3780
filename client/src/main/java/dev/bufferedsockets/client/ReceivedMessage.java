package dev.bufferedsockets.client;

/**
 * What {@link BufferedClient#receiveMessage()} got: the seed's {@code (payload, ok)} pair.
 *
 * @param payload the reply's text; empty when {@code ok} is false
 * @param ok true if a whole reply arrived; false if the connection closed, reset or broke the protocol
 */
public record ReceivedMessage(String payload, boolean ok) {

	static final ReceivedMessage FAILED = new ReceivedMessage("", false);

}
