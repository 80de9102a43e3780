package dev.bufferedsockets.gateway;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A {@link BufferedGateway} call got no reply: the server could not be reached, closed the
 * connection, or did not answer in time. The message names the server and the reason.
 */
public class ServerUnavailableException extends MessagingException {

	public ServerUnavailableException(Message<?> request, String target, Throwable cause) {
		this(request, target, reason(cause), cause);
	}

	ServerUnavailableException(Message<?> request, String target, String reason, Throwable cause) {
		super(request, "no reply from the buffered-sockets server at " + target + ": " + reason, cause);
	}

	private static String reason(Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	/** @return the reason the root cause of {@code failure} gives, for a message of our own */
	static String reasonOf(Throwable failure) {
		return reason(failure);
	}

}
