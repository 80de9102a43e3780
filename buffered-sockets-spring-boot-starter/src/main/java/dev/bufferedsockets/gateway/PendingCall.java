package dev.bufferedsockets.gateway;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * One gateway call from the moment it has room until it has its outcome: the request, its deadline,
 * the connection it waits on and whoever waits for it, a thread parked in {@code exchange} or a
 * {@link CompletableFuture}. Its outcome is set exactly once, by whichever comes first: the reply,
 * the deadline or the loss of its connection; a late reply for a settled call is ignored.
 */
final class PendingCall {

	private static final VarHandle OUTCOME;

	static {
		try {
			OUTCOME = MethodHandles.lookup().findVarHandle(PendingCall.class, "outcome", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * The request as strict UTF-8, kept so that a retry sends the very same bytes; the only copy of
	 * the request a call holds, so that a waiting call costs little more than its text.
	 */
	final byte[] payload;

	/** {@link System#nanoTime()} by which the reply must have come. */
	final long deadline;

	/** The caller's future; null when the caller waits on its own thread (and then reads, see {@link Lane}). */
	final CompletableFuture<String> future;

	/** The thread parked in {@code exchange} for this call, if any. */
	final Thread waiter;

	/** The connection slot whose place the call holds ({@link Room}); null while it waits for one. */
	volatile ConnectionSlot slot;

	/** The connection it was last written to (or queued for); null until then. */
	volatile Lane lane;

	/** Times it has been sent: a call lost with its connection is sent once more, never twice. */
	int sends;

	/** Whether its caller reads the reply itself, on its own thread (see {@link Lane#enqueue}). */
	volatile boolean readsOwnReply;

	/** Whether few enough bytes wait on its lane to leave its request to the reader ({@link Lane#flush(PendingCall)}). */
	boolean fewBytesWaiting;

	/** Why it could not be sent, or the failure behind its outcome, for its exception's cause. */
	Throwable sendFailure;

	/** The reply ({@code String}) or the failure ({@link ServerUnavailableException}). */
	@SuppressWarnings("unused") // through OUTCOME
	private volatile Object outcome;

	private PendingCall(byte[] payload, long deadline, CompletableFuture<String> future, Thread waiter) {
		this.payload = payload;
		this.deadline = deadline;
		this.future = future;
		this.waiter = waiter;
	}

	/** A call whose caller waits on the current thread. */
	static PendingCall waitedFor(byte[] payload, long deadline) {
		return new PendingCall(payload, deadline, null, Thread.currentThread());
	}

	/** A call whose caller gets a future and goes on. */
	static PendingCall asynchronous(byte[] payload, long deadline) {
		return new PendingCall(payload, deadline, new CompletableFuture<>(), null);
	}

	boolean isDone() {
		return this.outcome != null;
	}

	boolean isPastDeadline(long now) {
		return now - this.deadline >= 0;
	}

	/**
	 * Set the outcome, the reply ({@code String}) or the failure ({@link ServerUnavailableException}),
	 * without telling the caller yet: the call's room is given back first ({@link #notifyCaller}).
	 * @return true if this set it, false if the call already had one
	 */
	boolean settle(Object result) {
		return OUTCOME.compareAndSet(this, null, result);
	}

	/** Tell the caller the outcome: complete its future, or wake its thread. */
	void notifyCaller() {
		Object result = this.outcome;
		if (this.future != null) {
			if (result instanceof ServerUnavailableException failure) {
				this.future.completeExceptionally(failure);
			}
			else {
				this.future.complete((String) result);
			}
		}
		LockSupport.unpark(this.waiter);
	}

	/** Wake the waiting caller, if any, to read its reply itself on the connection it is now sent on. */
	void wake() {
		LockSupport.unpark(this.waiter);
	}

	/** @return the request as a message, for a connection other than ours to send or a failure to carry */
	Message<byte[]> request() {
		return new GenericMessage<>(this.payload);
	}

	/**
	 * @return the reply
	 * @throws ServerUnavailableException the failure
	 * @throws IllegalStateException if the call has no outcome yet
	 */
	String outcome() {
		Object result = this.outcome;
		if (result instanceof String reply) {
			return reply;
		}
		if (result instanceof ServerUnavailableException failure) {
			throw failure;
		}
		throw new IllegalStateException("the call has no outcome yet");
	}

}
