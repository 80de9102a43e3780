package dev.bufferedsockets.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Threads for a test's concurrent clients, stopped after every test so none outlives it. Use with
 * {@code @RegisterExtension}.
 */
public final class TestThreads implements AfterEachCallback {

	private ExecutorService executor = Executors.newCachedThreadPool();

	public ExecutorService executor() {
		return this.executor;
	}

	@Override
	public void afterEach(ExtensionContext context) throws InterruptedException {
		this.executor.shutdownNow();
		boolean stopped = this.executor.awaitTermination(60, TimeUnit.SECONDS);
		this.executor = Executors.newCachedThreadPool();
		if (!stopped) {
			throw new AssertionError("a test's client threads did not stop within 60 s");
		}
	}

}
