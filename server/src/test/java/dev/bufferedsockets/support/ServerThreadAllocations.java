package dev.bufferedsockets.support;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

import com.sun.management.ThreadMXBean;

/**
 * Bytes allocated by the server's connection threads ({@code tcp-server-*}), or other threads named
 * alike, between two points of a test. The threads are pooled, so a connection's work is still
 * counted after it closes.
 */
public final class ServerThreadAllocations {

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private final String namePrefix;

	private final Map<Long, Long> start;

	public ServerThreadAllocations() {
		this("tcp-server-");
	}

	/** @param namePrefix how the names of the threads to count begin */
	public ServerThreadAllocations(String namePrefix) {
		this.namePrefix = namePrefix;
		this.start = snapshot();
	}

	/** @return bytes the server's threads allocated since this object was made */
	public long sinceStart() {
		return snapshot().entrySet().stream()
			.mapToLong(thread -> thread.getValue() - this.start.getOrDefault(thread.getKey(), 0L))
			.sum();
	}

	private Map<Long, Long> snapshot() {
		long[] ids = Thread.getAllStackTraces().keySet().stream()
			.filter(thread -> thread.getName().startsWith(this.namePrefix))
			.mapToLong(Thread::getId)
			.toArray();
		long[] allocated = THREADS.getThreadAllocatedBytes(ids);
		Map<Long, Long> byThread = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (allocated[i] >= 0) {
				byThread.put(ids[i], allocated[i]);
			}
		}
		return byThread;
	}

}
