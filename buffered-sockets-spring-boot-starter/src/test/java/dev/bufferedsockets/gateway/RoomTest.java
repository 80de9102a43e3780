package dev.bufferedsockets.gateway;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** How the gateway shares out places on its connections and queues calls that find none. */
class RoomTest {

	private final ConnectionSlot[] slots = { new ConnectionSlot(0, null, null, lane -> { }),
			new ConnectionSlot(1, null, null, lane -> { }), new ConnectionSlot(2, null, null, lane -> { }) };

	private final Room room = new Room(this.slots, 2, 3);

	@Test
	void aLoneCallerKeepsToTheFirstConnection() {
		for (int i = 0; i < 5; i++) {
			PendingCall call = call(i);
			assertThat(this.room.enter(call)).isEqualTo(Room.Entry.PLACED);
			assertThat(call.slot.index).isZero();
			this.room.leave(call);
		}
	}

	@Test
	void concurrentCallsSpreadOverTheLeastBusyConnections() {
		List<Integer> slots = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			PendingCall call = call(i);
			assertThat(this.room.enter(call)).isEqualTo(Room.Entry.PLACED);
			slots.add(call.slot.index);
		}
		assertThat(slots).containsExactly(0, 1, 2, 0, 1, 2);
		assertThat(this.room.inFlight()).isEqualTo(6);
	}

	@Test
	void callsBeyondThePlacesWaitAndBeyondTheQueueAreRefused() {
		for (int i = 0; i < 6; i++) {
			this.room.enter(call(i));
		}
		for (int i = 6; i < 9; i++) {
			PendingCall waiting = call(i);
			assertThat(this.room.enter(waiting)).isEqualTo(Room.Entry.WAITING);
			assertThat(waiting.slot).isNull();
		}
		assertThat(this.room.enter(call(9))).isEqualTo(Room.Entry.FULL);
		assertThat(this.room.waiting()).isEqualTo(3);
		assertThat(this.room.inFlight()).isEqualTo(6);
	}

	@Test
	void aFinishedCallHandsItsPlaceToTheOldestWaitingCall() {
		List<PendingCall> placed = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			PendingCall call = call(i);
			this.room.enter(call);
			placed.add(call);
		}
		PendingCall first = call(6);
		PendingCall second = call(7);
		this.room.enter(first);
		this.room.enter(second);
		PendingCall finished = placed.get(4); // on slot 1
		assertThat(this.room.leave(finished)).isSameAs(first);
		assertThat(first.slot.index).as("the place freed").isEqualTo(1);
		assertThat(this.room.inFlight()).isEqualTo(6);
		assertThat(this.room.waiting()).isEqualTo(1);
	}

	@Test
	void aWaitingCallPastItsDeadlineIsWithdrawnAndNeverPlaced() {
		for (int i = 0; i < 6; i++) {
			this.room.enter(call(i));
		}
		PendingCall late = PendingCall.asynchronous(new byte[0], System.nanoTime() - 1);
		PendingCall onTime = call(7);
		this.room.enter(late);
		this.room.enter(onTime);
		assertThat(this.room.withdrawLate(System.nanoTime())).containsExactly(late);
		assertThat(this.room.withdraw(onTime)).isTrue();
		assertThat(this.room.withdraw(onTime)).as("withdrawn once").isFalse();
		assertThat(this.room.waiting()).isZero();
	}

	private static PendingCall call(int i) {
		return PendingCall.asynchronous(("call " + i).getBytes(), System.nanoTime() + 60_000_000_000L);
	}

}
