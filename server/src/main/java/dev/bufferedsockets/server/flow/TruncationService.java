package dev.bufferedsockets.server.flow;

import java.util.Arrays;

import dev.bufferedsockets.protocol.Utf8;

import org.springframework.integration.annotation.ServiceActivator;

/**
 * The server's one piece of business logic: drop the first {@code truncate-chars} characters of
 * each payload and reply with the rest, exactly as Python's {@code payload[10:]} does on the
 * decoded text. A character is a Unicode code point, so an emoji counts once.
 *
 * <p>The server hands it every frame a connection delivered at once as one {@link FrameBatch}
 * and writes the replies back in the same order. One service activator method only: a second
 * one on the same channel would take every other message in turn.
 */
public class TruncationService {

	/** The channel the inbound gateway sends each batch of received payloads to. */
	public static final String REQUEST_CHANNEL = "truncationRequests";

	private final int truncateChars;

	/** @param truncateChars code points to drop from the start of each payload */
	public TruncationService(int truncateChars) {
		if (truncateChars < 0) {
			throw new IllegalArgumentException("truncateChars must not be negative, was " + truncateChars);
		}
		this.truncateChars = truncateChars;
	}

	/**
	 * @param requests payloads of consecutive frames of one connection, well-formed UTF-8
	 * @return their replies, in the same order
	 */
	@ServiceActivator(inputChannel = REQUEST_CHANNEL)
	public FrameBatch truncateAll(FrameBatch requests) {
		return requests.map(this::truncate);
	}

	/**
	 * @param payload a frame's payload, well-formed UTF-8 as the codec guarantees
	 * @return the payload without its first {@code truncate-chars} code points, empty if it had no more
	 */
	public byte[] truncate(byte[] payload) {
		int offset = Utf8.offsetAfterCodePoints(payload, this.truncateChars);
		return Arrays.copyOfRange(payload, offset, payload.length);
	}

}
