package dev.bufferedsockets.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import dev.bufferedsockets.protocol.FrameEncoder;

import org.springframework.integration.ip.tcp.connection.TcpConnection;

/**
 * One open connection and the calls waiting on it, in the order their requests go on the wire, which
 * is the order the server answers them: each reply belongs to the oldest call still waiting.
 *
 * <p>Three rules keep replies with their calls. A call joins the queue and its request joins the
 * unwritten ones in one step, so queue order is wire order. Whoever holds the write lock writes
 * every request queued so far in one go (callers that find it taken leave theirs to the holder,
 * which looks again before it lets go). Once the connection is lost the queue is emptied in the same
 * step that marks it lost, so a reply read just before cannot be given to a call behind its own.
 *
 * <p>Replies are read by whoever needs them. A caller waiting for its reply on a connection where no
 * other call waits reads it on its own thread ({@link #readUntilDone}): one caller at a time costs
 * no thread switch. Any other call is read by a task on the executor ({@link #drain}) that runs
 * while calls wait, so that under load one thread reads every reply, in bursts, and wakes each
 * waiting caller, rather than callers taking turns to read. Connections that read on threads of
 * their own (not {@link PipelinedConnection}) just deliver their replies.
 *
 * <p>Requests are written in batches, so that many callers cost few socket writes. A call made
 * while the connection's reader is between two replies it has already received (handing a burst
 * of them to their callers) leaves its request to the reader, which writes every request queued so
 * far before it next waits for the socket; once the reader is about to wait, callers write their
 * own again, so a request never waits for a reply. Calls made on a reading thread (by functions
 * chained to a reply's future) are written when that thread has used up the replies it has
 * already read ({@link DeferredWrites}).
 */
final class Lane {

	/**
	 * At most this many frame bytes wait on a lane when a request is left to its reader. While the
	 * reader writes it reads nothing; a server that stops reading while its replies to us wait
	 * (ours does, past 256 KiB) could then never take the rest. Few bytes in flight keep both
	 * directions within the sockets' buffers.
	 */
	private static final int READER_WRITES_LIMIT_BYTES = 32 * 1024;

	final TcpConnection connection;

	private final PipelinedConnection readable;

	private final Executor readers;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final AtomicBoolean reading = new AtomicBoolean();

	/** Calls whose requests are written or queued, oldest first. Guarded by this. */
	private final ArrayDeque<PendingCall> waiting = new ArrayDeque<>();

	/** Requests queued but not yet written, in order. Guarded by this. */
	private List<PendingCall> unwritten = new ArrayList<>();

	/** Written under this lane's lock; read without it where a stale false only costs a look more. */
	private volatile boolean lost;

	/** Frame bytes of the calls waiting here. Guarded by this. */
	private long waitingBytes;

	/**
	 * True while a reader has received replies it has not handed out yet, and so will look for
	 * queued requests before it waits for the socket again; set false before it looks for the last
	 * time, so a caller that reads true after queuing its request is sure to have it written.
	 */
	private volatile boolean readerBetweenReplies;

	/** How many calls wait here (the queue's size), for readers to look at without taking the lock. */
	private final AtomicInteger waitingCount = new AtomicInteger();

	/** Why the connection was lost, when we closed it ourselves. */
	private volatile Throwable lossCause;

	Lane(TcpConnection connection, Executor readers) {
		this.connection = connection;
		this.readable = (connection instanceof PipelinedConnection pipelined) ? pipelined : null;
		this.readers = readers;
	}

	boolean isOpen() {
		return !this.lost && this.connection.isOpen();
	}

	/**
	 * Queue {@code call}; it reads its own reply ({@link PendingCall#readsOwnReply}) if its caller
	 * waits and no other call waits here: then nothing but its reply can come first.
	 * @return false if the connection is lost and the call must go elsewhere
	 */
	boolean enqueue(PendingCall call) {
		int frameBytes = FrameEncoder.DEFAULT.frameBytes(call.payload.length);
		synchronized (this) {
			if (this.lost) {
				return false;
			}
			call.fewBytesWaiting = this.waitingBytes + frameBytes <= READER_WRITES_LIMIT_BYTES;
			this.waiting.add(call);
			this.unwritten.add(call);
			this.waitingBytes += frameBytes;
			call.readsOwnReply = call.waiter != null && this.waiting.size() == 1;
			this.waitingCount.incrementAndGet();
		}
		call.lane = this;
		return true;
	}

	/**
	 * Write the request of {@code call}, just queued, with every other queued, unless the reader is
	 * between replies (it writes them before it next waits for the socket), another thread is
	 * writing (it then writes ours too), or this thread is reading (the same as the first).
	 */
	void flush(PendingCall call) {
		if (!(call.fewBytesWaiting && this.readerBetweenReplies)) {
			flush();
		}
	}

	/**
	 * Write every queued request, unless another thread is writing (it then writes ours too), or this
	 * thread is reading (it writes them before it next waits for a reply).
	 */
	void flush() {
		if (!DeferredWrites.deferIfReading(this)) {
			flushNow();
		}
	}

	/** Write every queued request now, unless another thread is writing: it then writes ours too. */
	void flushNow() {
		while (this.writeLock.tryLock()) {
			try {
				List<PendingCall> batch;
				synchronized (this) {
					if (this.unwritten.isEmpty() || this.lost) {
						return;
					}
					batch = this.unwritten;
					this.unwritten = new ArrayList<>();
				}
				write(batch);
			}
			catch (Exception ex) {
				lose(ex);
				return;
			}
			finally {
				this.writeLock.unlock();
			}
			synchronized (this) {
				if (this.unwritten.isEmpty() || this.lost) {
					return;
				}
			}
		}
	}

	private void write(List<PendingCall> batch) throws Exception {
		if (this.readable != null) {
			this.readable.write(batch);
		}
		else {
			for (PendingCall call : batch) {
				this.connection.send(call.request());
			}
		}
	}

	/**
	 * Read replies on this thread until {@code call} has its outcome or the connection is lost.
	 * @return false, at once, if this connection cannot be read on demand or another thread reads it
	 */
	boolean readUntilDone(PendingCall call) {
		if (this.readable == null || !isOpen() || !this.reading.compareAndSet(false, true)) {
			return false;
		}
		DeferredWrites deferred = DeferredWrites.start();
		try {
			while (!call.isDone() && isOpen()) {
				receive(deferred);
			}
		}
		catch (Exception ex) {
			lose(ex);
		}
		finally {
			stopBetweenReplies();
			this.reading.set(false);
			DeferredWrites.stop(deferred);
		}
		ensureReader();
		return true;
	}

	/** Make sure someone reads while calls wait: a task on the executor, unless a reader is at work. */
	void ensureReader() {
		if (this.readable != null && !this.reading.get() && hasWaiting()) {
			try {
				this.readers.execute(this::drain);
			}
			catch (RejectedExecutionException stopping) {
				// the gateway is stopping: it fails every waiting call itself
			}
		}
	}

	private void drain() {
		while (hasWaiting() && this.reading.compareAndSet(false, true)) {
			DeferredWrites deferred = DeferredWrites.start();
			try {
				while (hasWaiting()) {
					receive(deferred);
				}
			}
			catch (Exception ex) {
				lose(ex);
				return;
			}
			finally {
				stopBetweenReplies();
				this.reading.set(false);
				DeferredWrites.stop(deferred);
			}
		}
	}

	/**
	 * Read one reply; first, if the next read may wait for the socket, write what calls made
	 * meanwhile: on this thread, and those left to the reader on this lane.
	 */
	private void receive(DeferredWrites deferred) throws Exception {
		if (this.readable.hasBufferedBytes()) {
			this.readable.receive();
			return;
		}
		stopBetweenReplies();
		DeferredWrites.writeNow(deferred);
		this.readable.receive();
		this.readerBetweenReplies = this.readable.hasBufferedBytes();
	}

	/** Callers write their own requests from now on; write those left to the reader until now. */
	private void stopBetweenReplies() {
		this.readerBetweenReplies = false;
		flushNow();
	}

	private boolean hasWaiting() {
		return !this.lost && this.waitingCount.get() > 0;
	}

	/** @return the call the reply just read belongs to, or null if the connection is lost or none waits */
	PendingCall replied() {
		synchronized (this) {
			PendingCall call = this.lost ? null : this.waiting.poll();
			if (call != null) {
				this.waitingCount.decrementAndGet();
				this.waitingBytes -= FrameEncoder.DEFAULT.frameBytes(call.payload.length);
			}
			return call;
		}
	}

	/** @return true if a call waiting here is past its deadline */
	boolean hasLateCall(long now) {
		synchronized (this) {
			for (PendingCall call : this.waiting) {
				if (call.isPastDeadline(now)) {
					return true;
				}
			}
			return false;
		}
	}

	/** @return the calls waiting here, oldest first */
	List<PendingCall> waitingCalls() {
		synchronized (this) {
			return new ArrayList<>(this.waiting);
		}
	}

	/** Close the connection because of {@code cause}; its calls are then taken by {@link #markLost}. */
	void lose(Throwable cause) {
		this.lossCause = cause;
		this.connection.close();
	}

	/**
	 * The connection is gone: from now on nothing joins or leaves the queue.
	 * @return the calls that were waiting, oldest first; empty if it was already marked
	 */
	List<PendingCall> markLost() {
		synchronized (this) {
			if (this.lost) {
				return List.of();
			}
			this.lost = true;
			List<PendingCall> calls = new ArrayList<>(this.waiting);
			this.waiting.clear();
			this.waitingCount.set(0);
			this.waitingBytes = 0;
			this.unwritten = List.of();
			return calls;
		}
	}

	/** @return what ended the connection, if we saw it; null when it was closed from elsewhere */
	Throwable lossCause() {
		return this.lossCause;
	}

}
