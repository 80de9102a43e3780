package dev.bufferedsockets.server.lifecycle;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the listener with the application and stops it with the application. The application
 * fails to start if the listener cannot, rather than run an HTTP side with no TCP side.
 *
 * <p>Stopping the application is not the operator's keepRunning choice: after a stop and start,
 * or a pause and restart ({@code ConfigurableApplicationContext}; the test framework pauses idle
 * cached contexts), the server is back in the state it was in, listening only if it was before.
 */
public class BufferedServerLifecycle implements SmartLifecycle {

	private final BufferedServer server;

	private volatile boolean running;

	private volatile boolean listenOnStart = true;

	public BufferedServerLifecycle(BufferedServer server) {
		this.server = server;
	}

	@Override
	public void start() {
		if (this.listenOnStart) {
			this.server.setKeepRunning(true);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.listenOnStart = this.server.isKeepRunning();
		this.server.setKeepRunning(false);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
