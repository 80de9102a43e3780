package dev.bufferedsockets.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogAccessor;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpSender;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The gateway's correlation: it sends calls from any number of threads on {@code pool-size}
 * connections of one Spring Integration connection factory, up to {@code max-in-flight} on each, and
 * gives every reply to the oldest call waiting on its connection, which is the one the server
 * answered (it answers in order on each connection). It is the connection factory's listener (every
 * reply comes to {@link #onMessage}) and one of its senders (every closed connection comes to
 * {@link #removeDeadConnection}), the two seams Spring Integration's collaborating channel adapters
 * use, so the factory keeps owning sockets, TLS, codec and events.
 *
 * <p>Calls that find every connection full wait for room ({@link Room}), at most their timeout: a
 * slow server slows its callers rather than filling memory. A call whose reply is late fails, and its
 * connection is closed, so that the late reply can never be read as another call's. The other calls
 * waiting on a lost connection are sent once more on a new one: a truncation changes nothing on the
 * server, so a second request is harmless, and a server that closed a pooled connection (it
 * restarted or drained) costs its callers nothing. A call lost twice fails.
 */
final class PipelinedExchanger implements TcpListener, TcpSender, SmartLifecycle {

	private static final LogAccessor logger = new LogAccessor(BufferedGateway.class);

	private final TaskScheduler scheduler;

	private final ExecutorService readers;

	private final ConnectionSlot[] slots;

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	private final Room room;

	private final Duration timeout;

	private final String target;

	private final GatewayStatus status;

	private final FailureLog failureLog = new FailureLog();

	private volatile boolean running;

	private ScheduledFuture<?> sweeper;

	PipelinedExchanger(AbstractClientConnectionFactory connections, BufferedClientProperties properties,
			TaskScheduler scheduler) {
		this.scheduler = scheduler;
		this.timeout = properties.timeout();
		this.target = properties.host() + ":" + properties.port();
		CustomizableThreadFactory threads = new CustomizableThreadFactory("buffered-gateway-");
		threads.setDaemon(true);
		this.readers = Executors.newCachedThreadPool(threads);
		this.slots = new ConnectionSlot[properties.poolSize()];
		for (int i = 0; i < this.slots.length; i++) {
			this.slots[i] = new ConnectionSlot(i, connections, this.readers, this::opened);
		}
		this.room = new Room(this.slots, properties.maxInFlight(), properties.maxWaiting());
		this.status = new GatewayStatus(this.lanes::size, this.room::inFlight, this.room::waiting);
		connections.registerListener(this);
		connections.registerSender(this);
	}

	GatewayStatus status() {
		return this.status;
	}

	/** Send {@code payload} (a request's UTF-8) and wait, reading the reply on this thread when no one else reads. */
	String exchange(byte[] payload) {
		PendingCall call = PendingCall.waitedFor(payload, System.nanoTime() + this.timeout.toNanos());
		start(call);
		while (!call.isDone()) {
			Lane lane = call.lane;
			if (lane != null && call.readsOwnReply && lane.readUntilDone(call)) {
				continue;
			}
			long left = call.deadline - System.nanoTime();
			if (left <= 0) {
				expire(call);
			}
			else {
				LockSupport.parkNanos(this, left);
			}
		}
		return call.outcome();
	}

	/** Send {@code payload} (a request's UTF-8); the future completes on the thread that reads the reply. */
	CompletableFuture<String> exchangeAsync(byte[] payload) {
		PendingCall call = PendingCall.asynchronous(payload, System.nanoTime() + this.timeout.toNanos());
		start(call);
		return call.future;
	}

	private void start(PendingCall call) {
		if (!this.running) {
			fail(call, CallFailure.STOPPED, "the gateway is stopped", null);
			return;
		}
		switch (this.room.enter(call)) {
			case PLACED -> dispatch(call);
			case WAITING -> {
				// sent by the thread that frees a place, or failed at its deadline
			}
			case FULL -> fail(call, CallFailure.NO_ROOM, "no room: " + this.slots.length + " connections each have "
					+ this.room.maxPerSlot() + " calls waiting for replies and " + this.room.waiting()
					+ " more calls wait for room", null);
		}
	}

	/** Send calls that have a place, each on its slot; a call that cannot be sent fails and passes its place on. */
	private void dispatch(PendingCall call) {
		while (call != null && !send(call)) {
			call = call.isDone() ? null : settleFailure(call, CallFailure.CONNECT_FAILED, call.sendFailure);
		}
	}

	/** @return false if no connection could be opened for the call ({@link PendingCall#sendFailure}) */
	private boolean send(PendingCall call) {
		call.sends++;
		while (!call.isDone()) {
			Lane lane;
			try {
				lane = call.slot.openLane(call.deadline);
			}
			catch (Exception ex) {
				call.sendFailure = ex;
				return false;
			}
			if (lane.enqueue(call)) {
				lane.flush(call);
				if (!call.readsOwnReply) {
					lane.ensureReader();
				}
				else if (call.waiter != Thread.currentThread()) {
					call.wake(); // its caller reads the reply itself
				}
				return true;
			}
		}
		return true;
	}

	private void opened(Lane lane) {
		this.lanes.put(lane.connection.getConnectionId(), lane);
	}

	/** Every reply, from whichever thread reads it: it belongs to the oldest call waiting on its connection. */
	@Override
	public void onMessage(Message<?> message) {
		if (message instanceof ErrorMessage) {
			return; // a failed connection also closes, which removeDeadConnection handles
		}
		Lane lane = this.lanes.get((String) message.getHeaders().get(IpHeaders.CONNECTION_ID));
		if (lane == null) {
			return; // a connection already given up, whose calls went elsewhere
		}
		PendingCall call = lane.replied();
		if (call == null) {
			lane.lose(new IllegalStateException("the server sent a reply no call was waiting for"));
		}
		else if (call.settle(message.getPayload())) {
			PendingCall next = this.room.leave(call);
			call.notifyCaller();
			dispatch(next);
		}
	}

	@Override
	public void addNewConnection(TcpConnection connection) {
		// registered once opened, in its slot (see opened)
	}

	/** A connection closed, whoever closed it: its waiting calls are retried once, or fail, on another thread. */
	@Override
	public void removeDeadConnection(TcpConnection connection) {
		Lane lane = this.lanes.remove(connection.getConnectionId());
		if (lane == null) {
			return;
		}
		List<PendingCall> calls = lane.markLost();
		if (!calls.isEmpty()) {
			runOnReader(() -> retryOrFail(calls, lane.lossCause()));
		}
	}

	private void retryOrFail(List<PendingCall> calls, Throwable cause) {
		long now = System.nanoTime();
		for (PendingCall call : calls) {
			if (call.isDone()) {
				continue;
			}
			if (call.isPastDeadline(now)) {
				fail(call, CallFailure.TIMEOUT, noReplyWithin(), null);
			}
			else if (!this.running) {
				fail(call, CallFailure.STOPPED, "the gateway was stopped before the reply came", cause);
			}
			else if (call.sends > 1) {
				fail(call, CallFailure.CONNECTION_LOST, "the connection was lost before the reply came, twice"
						+ ((cause != null) ? " (" + ServerUnavailableException.reasonOf(cause) + ")" : ""), cause);
			}
			else {
				this.status.countRetry();
				logger.debug(() -> "Sending a call again after its connection was lost: " + cause);
				dispatch(call);
			}
		}
	}

	/** A caller's own deadline passed: the call fails, and its connection closes so its reply can never arrive. */
	private void expire(PendingCall call) {
		if (this.room.withdraw(call)) {
			fail(call, CallFailure.NO_ROOM, "no room for it within " + this.timeout.toMillis() + " ms", null);
			return;
		}
		fail(call, CallFailure.TIMEOUT, noReplyWithin(), null);
		Lane lane = call.lane;
		if (lane != null) {
			lane.lose(null);
		}
	}

	/** Runs a few times per timeout: fails late calls, closing their connections. */
	private void expireLateCalls() {
		long now = System.nanoTime();
		for (PendingCall call : this.room.withdrawLate(now)) {
			fail(call, CallFailure.NO_ROOM, "no room for it within " + this.timeout.toMillis() + " ms", null);
		}
		for (Lane lane : this.lanes.values()) {
			if (lane.hasLateCall(now)) {
				for (PendingCall call : lane.waitingCalls()) {
					if (call.isPastDeadline(now)) {
						fail(call, CallFailure.TIMEOUT, noReplyWithin(), null);
					}
				}
				lane.lose(null);
			}
		}
	}

	private String noReplyWithin() {
		return "no reply within " + this.timeout.toMillis() + " ms";
	}

	private void fail(PendingCall call, CallFailure failure, String reason, Throwable cause) {
		call.sendFailure = cause;
		dispatch(settleFailure(call, failure, reason));
	}

	/** @return the waiting call the failed call's place went to, if it had one, to be sent */
	private PendingCall settleFailure(PendingCall call, CallFailure failure, Throwable cause) {
		return settleFailure(call, failure, ServerUnavailableException.reasonOf(cause));
	}

	private PendingCall settleFailure(PendingCall call, CallFailure failure, String reason) {
		ServerUnavailableException exception = new ServerUnavailableException(call.request(), this.target, reason,
				call.sendFailure);
		if (!call.settle(exception)) {
			return null;
		}
		this.status.countFailure(failure);
		this.failureLog.failed(failure, exception.getMessage());
		PendingCall next = (call.slot != null) ? this.room.leave(call) : null;
		call.notifyCaller();
		return next;
	}

	private void runOnReader(Runnable task) {
		try {
			this.readers.execute(task);
		}
		catch (RejectedExecutionException stopped) {
			task.run();
		}
	}

	@Override
	public void start() {
		long period = Math.max(10, Math.min(1000, this.timeout.toMillis() / 10));
		// On the gateway's own threads: failing a call runs the functions chained to its future.
		this.sweeper = this.scheduler.scheduleAtFixedRate(() -> runOnReader(this::expireLateCalls),
				Duration.ofMillis(period));
		this.running = true;
	}

	/** Fails every waiting call and closes the connections, before the connection factory stops. */
	@Override
	public void stop() {
		this.running = false;
		if (this.sweeper != null) {
			this.sweeper.cancel(false);
		}
		for (PendingCall call : this.room.withdrawAll()) {
			fail(call, CallFailure.STOPPED, "the gateway was stopped before the call was sent", null);
		}
		for (ConnectionSlot slot : this.slots) {
			Lane lane = slot.currentLane();
			if (lane != null) {
				lane.lose(null);
			}
		}
		this.readers.shutdown();
		try {
			this.readers.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before the connection factory (phase 0), starts after it. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE / 2;
	}

}
