package dev.bufferedsockets.gateway;

import java.io.UncheckedIOException;
import java.net.SocketException;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * The server closed or reset a gateway connection instead of replying: typically it stopped
 * listening, drained or restarted while the connection sat in the pool. The truncation a request
 * asks for changes nothing on the server, so the request may be sent again on a new connection.
 */
class ConnectionLostException extends MessagingException {

	ConnectionLostException(Message<?> request, Throwable cause) {
		super(request, "The server closed the connection instead of replying", cause);
	}

	/** @return true if {@code failure} is an end of stream or a reset where a reply should have been */
	static boolean isLostConnection(Throwable failure) {
		Throwable cause = (failure instanceof UncheckedIOException) ? failure.getCause() : failure;
		return cause instanceof SoftEndOfStreamException || cause instanceof SocketException;
	}

	/** @return true if a {@code ConnectionLostException} is {@code failure} or one of its causes */
	static boolean isAmongCausesOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectionLostException) {
				return true;
			}
		}
		return false;
	}

}
