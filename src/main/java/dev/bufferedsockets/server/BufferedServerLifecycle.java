package dev.bufferedsockets.server;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the listener with the application and stops it with the application. The application
 * fails to start if the listener cannot, rather than run an HTTP side with no TCP side.
 */
class BufferedServerLifecycle implements SmartLifecycle {

	private final BufferedServer server;

	private volatile boolean running;

	BufferedServerLifecycle(BufferedServer server) {
		this.server = server;
	}

	@Override
	public void start() {
		if (this.server.isKeepRunning()) {
			this.server.setKeepRunning(true);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.server.setKeepRunning(false);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
