package dev.bufferedsockets.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One task on a daemon thread of its own, for a test that must do two things at once, such as
 * send frames that block while it checks the server. {@link #close()} waits for the thread to end
 * (close whatever it blocks on first), bounded, so no test leaves it running.
 */
public final class BackgroundTask<T> implements AutoCloseable {

	private static final Duration END_LIMIT = Duration.ofSeconds(30);

	private final FutureTask<T> task;

	private final Thread thread;

	private BackgroundTask(String name, Callable<T> work) {
		this.task = new FutureTask<>(work);
		this.thread = new Thread(this.task, name);
		this.thread.setDaemon(true);
	}

	public static <T> BackgroundTask<T> start(String name, Callable<T> work) {
		BackgroundTask<T> background = new BackgroundTask<>(name, work);
		background.thread.start();
		return background;
	}

	public boolean isDone() {
		return this.task.isDone();
	}

	/** @return the task's result, waiting at most {@code timeout} */
	public T get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
		return this.task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		this.thread.interrupt();
		this.thread.join(END_LIMIT.toMillis());
		if (this.thread.isAlive()) {
			throw new AssertionError(this.thread.getName() + " did not end within " + END_LIMIT);
		}
	}

}
