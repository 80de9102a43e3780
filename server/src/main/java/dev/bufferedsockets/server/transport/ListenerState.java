package dev.bufferedsockets.server.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.bufferedsockets.server.lifecycle.RestartableListener;

/**
 * The state a {@link RestartableListener} keeps across its stops and starts: the port it bound
 * first, whether its owner permits it to listen, and whether its last accept loop has ended.
 * One per listener; both listener implementations delegate to it.
 */
final class ListenerState {

	private volatile int boundPort;

	private volatile boolean listeningPermitted;

	private volatile CompletableFuture<Void> acceptLoop = CompletableFuture.completedFuture(null);

	/** @return the bound port once known, else {@code configured} */
	int port(int configured) {
		int port = this.boundPort;
		return (port != 0) ? port : configured;
	}

	/** @return the port to bind: the configured one, or with port 0 the one bound first (0 before that) */
	int portToBind(int configured) {
		return (configured == 0) ? this.boundPort : configured;
	}

	void bound(int port) {
		this.boundPort = port;
	}

	void permitListening(boolean permitted) {
		this.listeningPermitted = permitted;
	}

	boolean isListeningPermitted() {
		return this.listeningPermitted;
	}

	/** Run an accept loop, recording when it ends for {@link #awaitAcceptLoopExit}. */
	void runAcceptLoop(Runnable loop) {
		CompletableFuture<Void> ended = new CompletableFuture<>();
		this.acceptLoop = ended;
		try {
			loop.run();
		}
		finally {
			ended.complete(null);
		}
	}

	/** @return false if the last accept loop is still running after {@code timeout} */
	boolean awaitAcceptLoopExit(Duration timeout) throws InterruptedException {
		try {
			this.acceptLoop.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return true; // it ended, if abnormally
		}
	}

}
