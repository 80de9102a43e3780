package dev.bufferedsockets.server.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One I/O thread of the NIO listener: a selector and the connections registered with it. Each
 * connection belongs to exactly one loop for its whole life, and everything that touches its
 * decoder, its pending replies or its selection key runs on that loop's thread; other threads hand
 * work over with {@link #execute}. That single owner is what keeps a connection's replies in
 * the order of its requests without a lock.
 *
 * <p>The loop owns the buffers its connections read into and encode replies in: a connection
 * between frames holds none. Every {@code checkInterval} it enforces the frame and idle timeouts.
 */
final class IoLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(IoLoop.class);

	/** Replies are encoded here before the write; larger frames are written from their own arrays. */
	static final int WRITE_BUFFER_BYTES = 64 * 1024;

	private final Selector selector;

	private final Thread thread;

	private final ByteBuffer readBuffer;

	private final ByteBuffer writeBuffer;

	private final List<byte[]> frames = new ArrayList<>();

	private final Set<NioServerConnection> connections = new HashSet<>();

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	/** True from a wakeup until the loop has taken the tasks: more tasks then need no wakeup. */
	private final AtomicBoolean wakeupPending = new AtomicBoolean();

	private final long checkIntervalNanos;

	private volatile boolean running = true;

	/**
	 * @param name the thread's name
	 * @param readBytes the most bytes one read asks for ({@code buffered.server.buffer-size})
	 * @param direct direct buffers, which the socket reads and writes without a copy; heap buffers
	 * for TLS, whose ciphers work on arrays
	 * @param checkIntervalNanos how often the connections' timeouts are checked
	 */
	IoLoop(String name, int readBytes, boolean direct, long checkIntervalNanos) throws IOException {
		this.selector = Selector.open();
		this.readBuffer = direct ? ByteBuffer.allocateDirect(readBytes) : ByteBuffer.allocate(readBytes);
		this.writeBuffer = direct ? ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES) : ByteBuffer.allocate(WRITE_BUFFER_BYTES);
		this.checkIntervalNanos = checkIntervalNanos;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/** Stop: close whatever connections remain, then the selector. Waits for the thread at most {@code millis}. */
	void stop(long millis) throws InterruptedException {
		this.running = false;
		this.selector.wakeup();
		if (!inLoop()) {
			this.thread.join(millis);
		}
	}

	boolean inLoop() {
		return Thread.currentThread() == this.thread;
	}

	/** Run {@code task} on this loop's thread, soon; in submission order. */
	void execute(Runnable task) {
		this.tasks.add(task);
		if (this.wakeupPending.compareAndSet(false, true)) {
			this.selector.wakeup();
		}
	}

	/** Take a newly accepted connection over: from now on only this loop reads and writes it. */
	void register(NioServerConnection connection) {
		execute(() -> {
			if (!this.running) {
				connection.close();
				return;
			}
			try {
				SelectionKey key = connection.channel().register(this.selector, SelectionKey.OP_READ, connection);
				this.connections.add(connection);
				connection.registered(key, System.nanoTime());
			}
			catch (ClosedChannelException ex) {
				connection.close(); // closed before it got here
			}
		});
	}

	/** Drop a closed connection from the timeout checks. */
	void forget(NioServerConnection connection) {
		if (inLoop()) {
			this.connections.remove(connection);
		}
		else {
			execute(() -> this.connections.remove(connection));
		}
	}

	/** Read {@code connection} again soon, after the others' turn: bytes wait that no selection will announce. */
	void readSoon(NioServerConnection connection) {
		execute(() -> {
			try {
				connection.onReadable(this.readBuffer, this.frames);
			}
			catch (RuntimeException ex) {
				connection.failInternally(ex);
			}
		});
	}

	ByteBuffer writeBuffer() {
		return this.writeBuffer;
	}

	@Override
	public void run() {
		long nextCheck = System.nanoTime() + this.checkIntervalNanos;
		try {
			while (this.running) {
				long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextCheck - System.nanoTime()));
				if (this.tasks.isEmpty()) {
					this.selector.select(this::handle, wait);
				}
				else {
					this.selector.selectNow(this::handle);
				}
				this.wakeupPending.set(false);
				runTasks();
				long now = System.nanoTime();
				if (now - nextCheck >= 0) {
					checkTimeouts(now);
					nextCheck = now + this.checkIntervalNanos;
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			logger.error("The selector of " + this.thread.getName() + " failed; closing its connections", ex);
		}
		finally {
			shutDown();
		}
	}

	private void handle(SelectionKey key) {
		NioServerConnection connection = (NioServerConnection) key.attachment();
		try {
			boolean read = key.isReadable();
			if (key.isWritable()) {
				read |= connection.readWaitsForWritable();
				connection.onWritable();
			}
			if (read && key.isValid()) {
				connection.onReadable(this.readBuffer, this.frames);
			}
		}
		catch (CancelledKeyException ex) {
			// closed meanwhile, by another thread: nothing left to do
		}
		catch (RuntimeException ex) {
			connection.failInternally(ex); // a bug must cost one connection, never the loop
		}
	}

	private void runTasks() {
		for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.error("A task on " + this.thread.getName() + " failed", ex);
			}
		}
	}

	private void checkTimeouts(long now) {
		// A copy: a connection that times out closes and leaves the set.
		for (NioServerConnection connection : new ArrayList<>(this.connections)) {
			try {
				connection.checkTimeouts(now);
			}
			catch (RuntimeException ex) {
				connection.failInternally(ex);
			}
		}
	}

	private void shutDown() {
		this.running = false;
		runTasks();
		for (NioServerConnection connection : new ArrayList<>(this.connections)) {
			connection.close();
		}
		runTasks();
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close the selector of " + this.thread.getName(), ex);
		}
	}

}
