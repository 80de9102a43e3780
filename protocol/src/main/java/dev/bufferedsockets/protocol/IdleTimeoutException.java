package dev.bufferedsockets.protocol;

import java.net.SocketTimeoutException;
import java.time.Duration;

/** A peer sent nothing between frames for longer than the idle timeout. */
public final class IdleTimeoutException extends SocketTimeoutException {

	public IdleTimeoutException(Duration idleTimeout) {
		super("no frame for " + idleTimeout.toMillis() + " ms");
	}

}
