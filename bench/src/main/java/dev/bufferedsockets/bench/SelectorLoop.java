package dev.bufferedsockets.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One generator thread: drives its share of the connections through one selector until the
 * measurement window ends, then stops sending and waits (bounded) for the last replies.
 */
final class SelectorLoop implements Runnable {

	private static final long MAX_SELECT_MILLIS = 100;

	private static final int READ_BUFFER_BYTES = 256 * 1024;

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final Selector selector;

	private final List<BenchConnection> connections = new ArrayList<>();

	private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);

	private final ReplyRecorder recorder;

	private final BenchErrors errors;

	private final long windowStart;

	private final long windowEnd;

	private final long drainDeadline;

	private long cpuAtWindowStart = -1;

	private long cpuInWindow;

	SelectorLoop(long windowStart, long windowEnd, long drainDeadline, BenchErrors errors) throws IOException {
		this.selector = Selector.open();
		this.recorder = new ReplyRecorder(windowStart, windowEnd);
		this.errors = errors;
		this.windowStart = windowStart;
		this.windowEnd = windowEnd;
		this.drainDeadline = drainDeadline;
	}

	/** Take over a connected channel; call before the thread starts. */
	void add(BenchConnection connection) throws IOException {
		connection.channel().configureBlocking(false);
		connection.channel().register(this.selector, SelectionKey.OP_READ, connection);
		this.connections.add(connection);
	}

	ReplyRecorder recorder() {
		return this.recorder;
	}

	/** @return CPU time this thread spent inside the measurement window, in nanoseconds */
	long cpuInWindowNanos() {
		return this.cpuInWindow;
	}

	@Override
	public void run() {
		try {
			long now = System.nanoTime();
			for (BenchConnection connection : this.connections) {
				send(connection, now);
			}
			boolean stopping = false;
			while (true) {
				now = System.nanoTime();
				markWindow(now);
				if (!stopping && now >= this.windowEnd) {
					stopping = true;
					for (BenchConnection connection : this.connections) {
						connection.stop();
						send(connection, now);
					}
				}
				if (stopping && (allDrained() || now >= this.drainDeadline)) {
					break;
				}
				this.selector.select(selectMillis(now));
				handleSelected();
				this.recorder.publish();
			}
			reportUndrained();
		}
		catch (IOException | RuntimeException ex) {
			this.errors.add("generator thread failed: " + ex);
		}
		finally {
			this.recorder.publish();
			this.connections.forEach(BenchConnection::close);
			try {
				this.selector.close();
			}
			catch (IOException ex) {
				// nothing is left to release
			}
		}
	}

	private void handleSelected() {
		long now = System.nanoTime();
		Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
		while (keys.hasNext()) {
			SelectionKey key = keys.next();
			keys.remove();
			BenchConnection connection = (BenchConnection) key.attachment();
			try {
				if (key.isReadable() && !read(connection, now)) {
					continue;
				}
				if (key.isValid() && (key.isReadable() || key.isWritable())) {
					send(connection, now);
				}
			}
			catch (ReplyMismatchException ex) {
				fail(connection, ex.getMessage());
			}
			catch (IOException ex) {
				fail(connection, "connection failed: " + ex.getMessage());
			}
		}
	}

	/** @return false if the server closed the connection */
	private boolean read(BenchConnection connection, long now) throws IOException, ReplyMismatchException {
		while (true) {
			int read = connection.read(this.readBuffer);
			if (read < 0) {
				fail(connection, "the server closed the connection with " + connection.outstanding()
						+ " replies outstanding");
				return false;
			}
			connection.receive(this.readBuffer.array(), 0, read, now, this.recorder);
			if (read == 0 || !connection.buffersReads()) {
				return true; // a plain socket that still has bytes stays readable for the next select
			}
		}
	}

	private void send(BenchConnection connection, long now) {
		SelectionKey key = connection.channel().keyFor(this.selector);
		if (key == null || !key.isValid()) {
			return;
		}
		try {
			boolean done = connection.send(now);
			key.interestOps(done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
		}
		catch (IOException ex) {
			fail(connection, "connection failed: " + ex.getMessage());
		}
	}

	private void fail(BenchConnection connection, String error) {
		this.errors.add(error);
		SelectionKey key = connection.channel().keyFor(this.selector);
		if (key != null) {
			key.cancel();
		}
		connection.close();
	}

	private boolean allDrained() {
		for (BenchConnection connection : this.connections) {
			if (connection.channel().isOpen() && !connection.drained()) {
				return false;
			}
		}
		return true;
	}

	private void reportUndrained() {
		for (BenchConnection connection : this.connections) {
			if (connection.channel().isOpen() && connection.sentNothing()) {
				this.errors.add("no request went out in the whole run"
						+ (connection.buffersReads() ? ": the TLS handshake did not finish" : ""));
			}
			else if (connection.channel().isOpen() && !connection.drained()) {
				this.errors.add(connection.outstanding() + " replies still missing "
						+ TimeUnit.NANOSECONDS.toSeconds(this.drainDeadline - this.windowEnd)
						+ " s after the run ended");
			}
		}
	}

	private void markWindow(long now) {
		if (this.cpuAtWindowStart < 0 && now >= this.windowStart) {
			this.cpuAtWindowStart = THREADS.getCurrentThreadCpuTime();
		}
		if (this.cpuAtWindowStart >= 0 && this.cpuInWindow == 0 && now >= this.windowEnd) {
			this.cpuInWindow = THREADS.getCurrentThreadCpuTime() - this.cpuAtWindowStart;
		}
	}

	private long selectMillis(long now) {
		long next = (now < this.windowStart) ? this.windowStart : (now < this.windowEnd) ? this.windowEnd
				: this.drainDeadline;
		return Math.max(1, Math.min(MAX_SELECT_MILLIS, TimeUnit.NANOSECONDS.toMillis(next - now)));
	}

}
