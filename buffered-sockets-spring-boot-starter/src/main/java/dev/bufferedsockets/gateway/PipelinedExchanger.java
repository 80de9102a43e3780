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
import java.util.concurrent.Semaphore;
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
 * <p>A call that finds every connection full waits for room, at most its timeout: a slow server
 * slows its callers rather than filling memory. A call whose reply is late fails, and its connection
 * is closed, so that the late reply can never be read as another call's. The other calls waiting on
 * a lost connection are sent once more on a new one: a truncation changes nothing on the server, so
 * a second request is harmless, and a server that closed a pooled connection (it restarted or
 * drained) costs its callers nothing. A call lost twice fails.
 */
final class PipelinedExchanger implements TcpListener, TcpSender, SmartLifecycle {

	private static final LogAccessor logger = new LogAccessor(BufferedGateway.class);

	private final AbstractClientConnectionFactory connections;

	private final TaskScheduler scheduler;

	private final ExecutorService readers;

	private final ConnectionSlot[] slots;

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	private final Semaphore room;

	private final long timeoutNanos;

	private final int maxInFlight;

	private final Duration timeout;

	private final String target;

	private final GatewayStatus status;

	private volatile boolean running;

	private ScheduledFuture<?> sweeper;

	PipelinedExchanger(AbstractClientConnectionFactory connections, BufferedClientProperties properties,
			TaskScheduler scheduler) {
		this.connections = connections;
		this.scheduler = scheduler;
		this.timeout = properties.timeout();
		this.timeoutNanos = properties.timeout().toNanos();
		this.maxInFlight = properties.maxInFlight();
		this.target = properties.host() + ":" + properties.port();
		this.readers = Executors.newCachedThreadPool(readerThreads());
		this.slots = new ConnectionSlot[properties.poolSize()];
		for (int i = 0; i < this.slots.length; i++) {
			this.slots[i] = new ConnectionSlot(i, properties.maxInFlight(), connections, this.readers, this::opened);
		}
		this.room = new Semaphore(properties.poolSize() * properties.maxInFlight());
		this.status = new GatewayStatus(this.lanes::size, () -> this.slots.length * properties.maxInFlight()
				- this.room.availablePermits(), this.room::getQueueLength);
		connections.registerListener(this);
		connections.registerSender(this);
	}

	private static CustomizableThreadFactory readerThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("buffered-gateway-");
		threads.setDaemon(true);
		return threads;
	}

	GatewayStatus status() {
		return this.status;
	}

	/** Send {@code payload} (the UTF-8 of {@code request}) and wait for its reply, reading it on this thread when no one else reads. */
	String exchange(Message<?> request, byte[] payload) {
		PendingCall call = PendingCall.waitedFor(request, payload, System.nanoTime() + this.timeoutNanos);
		start(call);
		while (!call.isDone()) {
			Lane lane = call.lane;
			if (lane != null && lane.readUntilDone(call)) {
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

	/** Send {@code payload} (the UTF-8 of {@code request}); the future completes on the thread that reads the reply. */
	CompletableFuture<String> exchangeAsync(Message<?> request, byte[] payload) {
		PendingCall call = PendingCall.asynchronous(request, payload, System.nanoTime() + this.timeoutNanos);
		start(call);
		return call.future;
	}

	/** Wait for room (at most until the call's deadline), take a place on the least busy connection, send. */
	private void start(PendingCall call) {
		if (!this.running) {
			fail(call, CallFailure.STOPPED, "the gateway is stopped", null);
			return;
		}
		try {
			if (!this.room.tryAcquire() && !this.room.tryAcquire(call.deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
				fail(call, CallFailure.NO_ROOM, "no room for another call within " + this.timeout.toMillis() + " ms: "
						+ this.slots.length + " connections each had " + this.maxInFlight + " calls waiting", null);
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail(call, CallFailure.STOPPED, "interrupted while waiting for room", ex);
			return;
		}
		call.slot = takePlace();
		send(call);
	}

	/** @return the slot with the fewest calls, its room taken; one has room, since the caller holds a permit */
	private ConnectionSlot takePlace() {
		while (true) {
			ConnectionSlot best = null;
			for (ConnectionSlot slot : this.slots) {
				if (best == null || slot.calls() < best.calls()) {
					best = slot;
				}
			}
			if (best.tryTakeRoom()) {
				return best;
			}
			Thread.onSpinWait();
		}
	}

	/** Send (or send again) on the call's slot, opening a connection there if it has none. */
	private void send(PendingCall call) {
		call.sends++;
		while (!call.isDone()) {
			Lane lane;
			try {
				lane = call.slot.openLane(call.deadline);
			}
			catch (Exception ex) {
				fail(call, CallFailure.CONNECT_FAILED, ServerUnavailableException.reasonOf(ex), ex);
				return;
			}
			if (lane.enqueue(call)) {
				lane.flush();
				if (call.waiter == null) {
					lane.ensureReader();
				}
				else if (call.sends > 1) {
					call.wake(); // its caller reads the reply on the new connection
				}
				return;
			}
		}
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
		else if (call.succeed((String) message.getPayload())) {
			release(call);
		}
	}

	@Override
	public void addNewConnection(TcpConnection connection) {
		// registered once opened, in its slot (opened)
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
				send(call);
			}
		}
	}

	/** A caller's own deadline passed: the call fails, and its connection closes so its reply can never arrive. */
	private void expire(PendingCall call) {
		fail(call, CallFailure.TIMEOUT, noReplyWithin(), null);
		Lane lane = call.lane;
		if (lane != null) {
			lane.lose(null);
		}
	}

	/** Runs a few times per timeout: fails late calls and closes their connections. */
	private void expireLateCalls() {
		long now = System.nanoTime();
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
		ServerUnavailableException exception = new ServerUnavailableException(call.request, this.target, reason, cause);
		if (call.fail(exception)) {
			if (call.slot != null) {
				release(call);
			}
			this.status.countFailure(failure);
			logger.warn(() -> "BufferedGateway call failed: " + exception.getMessage());
		}
	}

	private void release(PendingCall call) {
		call.slot.releaseRoom();
		this.room.release();
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
		this.sweeper = this.scheduler.scheduleAtFixedRate(this::expireLateCalls, Duration.ofMillis(period));
		this.running = true;
	}

	/** Fails every waiting call and closes the connections, before the connection factory stops. */
	@Override
	public void stop() {
		this.running = false;
		if (this.sweeper != null) {
			this.sweeper.cancel(false);
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
