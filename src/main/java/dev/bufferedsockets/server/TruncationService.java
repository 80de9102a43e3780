package dev.bufferedsockets.server;

import java.util.Arrays;

import dev.bufferedsockets.protocol.Utf8;

import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.stereotype.Component;

/**
 * The server's one piece of business logic: drop the first {@code truncate-chars} characters of
 * each payload and reply with the rest, exactly as Python's {@code payload[10:]} does on the
 * decoded text. A character is a Unicode code point, so an emoji counts once.
 */
@Component
public class TruncationService {

	/** The channel the inbound gateway sends each received payload to. */
	public static final String REQUEST_CHANNEL = "truncationRequests";

	private final int truncateChars;

	public TruncationService(ServerProperties properties) {
		this.truncateChars = properties.truncateChars();
	}

	/**
	 * @param payload a frame's payload, well-formed UTF-8 as the codec guarantees
	 * @return the payload without its first {@code truncate-chars} code points, empty if it had no more
	 */
	@ServiceActivator(inputChannel = REQUEST_CHANNEL)
	public byte[] truncate(byte[] payload) {
		int offset = Utf8.offsetAfterCodePoints(payload, this.truncateChars);
		return Arrays.copyOfRange(payload, offset, payload.length);
	}

}
