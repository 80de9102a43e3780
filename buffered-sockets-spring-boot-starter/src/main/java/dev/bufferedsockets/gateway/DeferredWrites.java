package dev.bufferedsockets.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * The requests a thread that reads replies leaves unwritten until it has used up the replies it has
 * already read, then writes all at once, just before it would wait for more: one socket write for a
 * burst of calls made by functions chained to those replies, instead of one each, as Netty flushes at
 * the end of a read. One per thread, made once and never removed, so a call allocates nothing here.
 */
final class DeferredWrites {

	private static final ThreadLocal<DeferredWrites> current = ThreadLocal.withInitial(DeferredWrites::new);

	private final List<Lane> lanes = new ArrayList<>();

	private boolean reading;

	private DeferredWrites() {
	}

	/**
	 * @return this thread's deferred writes, now reading; null if it already was (it reads another
	 * lane, from a function chained to one of that lane's replies): it goes on with those
	 */
	static DeferredWrites start() {
		DeferredWrites deferred = current.get();
		if (deferred.reading) {
			return null;
		}
		deferred.reading = true;
		return deferred;
	}

	/** The thread stops reading: write what it deferred. */
	static void stop(DeferredWrites deferred) {
		if (deferred != null) {
			deferred.reading = false;
			deferred.writeAll();
		}
	}

	/** Write what this thread deferred, before it may wait on a socket. */
	static void writeNow(DeferredWrites deferred) {
		((deferred != null) ? deferred : current.get()).writeAll();
	}

	/** @return true if the current thread reads, and so writes {@code lane}'s queued requests later */
	static boolean deferIfReading(Lane lane) {
		DeferredWrites deferred = current.get();
		if (!deferred.reading) {
			return false;
		}
		if (!deferred.lanes.contains(lane)) {
			deferred.lanes.add(lane);
		}
		return true;
	}

	private void writeAll() {
		for (int i = 0; i < this.lanes.size(); i++) {
			this.lanes.get(i).flushNow();
		}
		this.lanes.clear();
	}

}
