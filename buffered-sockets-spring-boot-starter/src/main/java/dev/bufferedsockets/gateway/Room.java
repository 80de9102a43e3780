package dev.bufferedsockets.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's room for calls: {@code max-in-flight} places on each of the {@code pool-size}
 * connections, and a queue of at most {@code max-waiting} calls that found every place taken. A call
 * that finishes hands its place straight to the oldest waiting call, on the finishing thread, so a
 * waiting call holds no thread of its own (a caller of {@code exchange} parks on its own, but is
 * woken only once its call is sent). A call that finds the queue full fails at once: however many
 * calls an application makes, the gateway holds at most the places plus the queue.
 *
 * <p>A place is on the connection with the fewest calls, the first one among equals, so a lone caller
 * keeps to one connection and many spread over all of them.
 */
final class Room {

	enum Entry {

		/** The call has a place ({@link PendingCall#slot}) and may be sent. */
		PLACED,

		/** The call waits for a place; whoever frees one sends it. */
		WAITING,

		/** Every place is taken and the queue is full: the call fails. */
		FULL

	}

	private final ConnectionSlot[] slots;

	private final int maxPerSlot;

	private final int maxWaiting;

	/** Calls placed on each slot. Guarded by this. */
	private final int[] placed;

	/** Guarded by this. */
	private int inFlight;

	/** Guarded by this. */
	private final ArrayDeque<PendingCall> waiting = new ArrayDeque<>();

	Room(ConnectionSlot[] slots, int maxPerSlot, int maxWaiting) {
		this.slots = slots;
		this.maxPerSlot = maxPerSlot;
		this.maxWaiting = maxWaiting;
		this.placed = new int[slots.length];
	}

	synchronized Entry enter(PendingCall call) {
		if (this.inFlight < this.slots.length * this.maxPerSlot) {
			place(call);
			return Entry.PLACED;
		}
		if (this.waiting.size() < this.maxWaiting) {
			this.waiting.add(call);
			return Entry.WAITING;
		}
		return Entry.FULL;
	}

	/**
	 * Free the place of a call that has its outcome.
	 * @return the waiting call that now has the place and must be sent, or null
	 */
	synchronized PendingCall leave(PendingCall call) {
		this.placed[call.slot.index]--;
		this.inFlight--;
		PendingCall next = this.waiting.poll();
		if (next != null) {
			place(next);
		}
		return next;
	}

	/** @return true if {@code call} was still waiting (it now is not), false if it has a place */
	synchronized boolean withdraw(PendingCall call) {
		return this.waiting.remove(call);
	}

	/** @return the waiting calls past their deadline, no longer waiting */
	synchronized List<PendingCall> withdrawLate(long now) {
		List<PendingCall> late = new ArrayList<>();
		while (!this.waiting.isEmpty() && this.waiting.peek().isPastDeadline(now)) {
			late.add(this.waiting.poll());
		}
		return late;
	}

	/** @return every waiting call, no longer waiting */
	synchronized List<PendingCall> withdrawAll() {
		List<PendingCall> all = new ArrayList<>(this.waiting);
		this.waiting.clear();
		return all;
	}

	synchronized int inFlight() {
		return this.inFlight;
	}

	synchronized int waiting() {
		return this.waiting.size();
	}

	int maxPerSlot() {
		return this.maxPerSlot;
	}

	private void place(PendingCall call) {
		int best = 0;
		for (int i = 1; i < this.placed.length; i++) {
			if (this.placed[i] < this.placed[best]) {
				best = i;
			}
		}
		this.placed[best]++;
		this.inFlight++;
		call.slot = this.slots[best];
	}

}
