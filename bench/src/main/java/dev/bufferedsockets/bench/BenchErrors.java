package dev.bufferedsockets.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Failures during a run: all counted, the first few distinct ones kept word for word. Thread-safe; errors are rare. */
final class BenchErrors {

	private static final int SAMPLES = 10;

	private final AtomicLong count = new AtomicLong();

	private final List<String> samples = new ArrayList<>();

	void add(String error) {
		this.count.incrementAndGet();
		synchronized (this.samples) {
			if (this.samples.size() < SAMPLES && !this.samples.contains(error)) {
				this.samples.add(error);
			}
		}
	}

	long count() {
		return this.count.get();
	}

	List<String> samples() {
		synchronized (this.samples) {
			return List.copyOf(this.samples);
		}
	}

}
