package dev.bufferedsockets.support;

import dev.bufferedsockets.server.lifecycle.BufferedServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * After every {@link ServerTest} test, keepRunning is true again: the application is shared, and a
 * test that stopped the listener (or failed before it could restart it) must not leave it stopped
 * for the tests after it.
 */
public class RestoreKeepRunning implements AfterEachCallback {

	@Override
	public void afterEach(ExtensionContext context) {
		SpringExtension.getApplicationContext(context).getBean(BufferedServer.class).setKeepRunning(true);
	}

}
