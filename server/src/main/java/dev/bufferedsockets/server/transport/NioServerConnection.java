package dev.bufferedsockets.server.transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.List;

import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.FrameException;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.protocol.IdleTimeoutException;
import dev.bufferedsockets.server.ConnectionErrors;
import dev.bufferedsockets.server.flow.FrameBatch;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.messaging.Message;

/**
 * One client connection of the NIO listener, driven by the {@link IoLoop} it belongs to.
 *
 * <p>When the socket is readable, its {@link FrameReader} decodes every frame that has arrived,
 * and the connection hands them to its listener (the interceptors, then the inbound gateway) as one
 * message holding a {@link FrameBatch}, on the I/O thread itself: truncating is far cheaper than a
 * hand-over to another thread would be, and one thread per connection keeps replies in order. The
 * gateway's reply comes back through {@link #send} on the same thread and is written at once, or
 * queued while the client is not reading; with more than {@link #PENDING_REPLY_LIMIT} bytes queued
 * the connection stops reading until the queue is empty, so a client that never reads cannot make
 * the server buffer without limit.
 *
 * <p>A failure (bad frame, timeout, reset, hang-up inside a frame) is published once as a
 * connection exception event ({@link ConnectionErrors} logs and counts it); the frames before it
 * are answered first. Input that ends (failure or the client's end of stream) closes the connection
 * once its replies are written, or once the client has taken none of them for the frame timeout.
 */
class NioServerConnection extends NioConnectionSupport {

	/** Queued reply bytes above which the connection stops reading until they are written. */
	static final long PENDING_REPLY_LIMIT = 256 * 1024;

	private final IoLoop loop;

	private final NioServerConnectionFactory factory;

	private final ConnectionTimeouts timeouts;

	private final FrameReader reader;

	private final ReplyWriter replies;

	private SelectionKey key;

	/** Backpressure: too many replies wait for the client, so its requests wait in the socket. */
	private boolean readingPaused;

	/** End of stream or a failure: nothing more is read; the connection closes once its replies are out. */
	private boolean inputEnded;

	private boolean shutdownOutputRequested;

	private boolean outputShut;

	NioServerConnection(ConnectionTransport transport, IoLoop loop, NioServerConnectionFactory factory,
			ConnectionTimeouts timeouts, HeaderFormat format, int maxPayloadBytes, ApplicationEventPublisher publisher) {
		super(transport, publisher, factory.getComponentName());
		this.loop = loop;
		this.factory = factory;
		this.timeouts = timeouts;
		this.reader = new FrameReader(transport, format, maxPayloadBytes);
		this.replies = new ReplyWriter(transport, FrameEncoder.of(format));
	}

	/** Now read by {@link #loop}: called on its thread, once. */
	void registered(SelectionKey key, long now) {
		this.key = key;
		this.reader.restartSilence(now);
		this.replies.restartWait(now);
	}

	void onReadable(ByteBuffer buffer, List<byte[]> frames) {
		if (this.inputEnded || this.readingPaused || !isOpen()) {
			return; // a read handed over from an earlier event, no longer wanted
		}
		frames.clear();
		IOException failure = null;
		FrameReader.Result result = FrameReader.Result.DRAINED;
		try {
			result = this.reader.read(buffer, frames);
		}
		catch (IOException ex) {
			failure = ex;
		}
		if (!frames.isEmpty()) {
			deliver(FrameBatch.of(frames)); // frames before a failure are answered first
		}
		if (failure != null) {
			fail(failure);
		}
		else if (result == FrameReader.Result.ENDED) {
			endOfInput();
		}
		else {
			updateInterest();
			if (result == FrameReader.Result.MORE) {
				this.loop.readSoon(this); // other connections first; the selector would not come back to these bytes
			}
		}
	}

	/** @return true if a read waits for the socket to become writable (a TLS handshake's output) */
	boolean readWaitsForWritable() {
		return this.transport().waitsForWritable() && this.replies.isEmpty();
	}

	void onWritable() {
		boolean empty;
		try {
			empty = this.replies.flush();
		}
		catch (IOException ex) {
			fail(ex);
			return;
		}
		if (empty) {
			repliesWritten();
		}
		updateInterest();
	}

	/** Enforce the frame and idle timeouts, and give up on a closing connection whose client takes no replies. */
	void checkTimeouts(long now) {
		if (!isOpen()) {
			return;
		}
		if (this.inputEnded || this.readingPaused || this.shutdownOutputRequested) {
			if (!this.replies.isEmpty() && now - this.replies.lastProgressNanos() >= this.timeouts.frameNanos()) {
				report(new SocketTimeoutException("the client took none of its " + this.replies.queuedBytes()
						+ " reply bytes for " + this.timeouts.frame().toMillis() + " ms"));
				closeConnection(true);
			}
			return;
		}
		long silent = now - Math.max(this.reader.lastReadNanos(), this.replies.lastProgressNanos());
		if (transport().handshaking()) {
			if (now - this.reader.lastReadNanos() >= this.timeouts.frameNanos()) {
				fail(new SocketTimeoutException("the TLS handshake did not finish within "
						+ this.timeouts.frame().toMillis() + " ms"));
			}
		}
		else if (this.reader.hasPartialFrame()) {
			if (now - this.reader.lastReadNanos() >= this.timeouts.frameNanos()) {
				fail(this.reader.stalled(this.timeouts.frame()));
			}
		}
		else if (this.timeouts.hasIdle() && this.replies.isEmpty() && silent >= this.timeouts.idleNanos()) {
			fail(new IdleTimeoutException(this.timeouts.idle()));
		}
	}

	@Override
	public void send(Message<?> message) {
		FrameBatch batch = (FrameBatch) getMapper().fromMessage(message);
		if (this.loop.inLoop()) {
			write(batch);
		}
		else {
			this.loop.execute(() -> write(batch));
		}
	}

	/** Half-close once every reply queued so far is written: the client reads them all, then end of stream. */
	@Override
	public void shutdownOutput() {
		if (this.loop.inLoop()) {
			shutdownOutputAfterReplies();
		}
		else {
			this.loop.execute(this::shutdownOutputAfterReplies);
		}
	}

	@Override
	protected void closed() {
		this.factory.closed(this);
		this.loop.forget(this);
	}

	/** A bug, not the client's doing: logged with its stack, counted as internal, and the connection closed. */
	void failInternally(RuntimeException bug) {
		logger.error("Internal failure on connection " + getConnectionId(), bug);
		this.inputEnded = true;
		report(bug);
		closeConnection(true);
	}

	private void write(FrameBatch batch) {
		if (!isOpen() || this.outputShut) {
			return; // nobody left to read it
		}
		try {
			this.replies.write(batch, this.loop.writeBuffer());
		}
		catch (IOException ex) {
			fail(ex);
			return;
		}
		updateInterest();
	}

	/** Stop reading, report the failure once, and close: now if the socket is broken, else after the replies. */
	private void fail(IOException failure) {
		if (!isOpen()) {
			return;
		}
		this.inputEnded = true;
		report(failure);
		if (failure instanceof FrameException || failure instanceof SocketTimeoutException) {
			closeAfterReplies();
		}
		else {
			closeConnection(true); // reset or I/O error: nothing more can be written
		}
	}

	private void endOfInput() {
		try {
			this.reader.endOfStream();
		}
		catch (FrameException truncated) {
			fail(truncated);
			return;
		}
		this.inputEnded = true;
		closeAfterReplies();
	}

	private void closeAfterReplies() {
		if (this.replies.isEmpty() || this.outputShut) {
			closeConnection(true);
		}
		else {
			updateInterest();
		}
	}

	private void shutdownOutputAfterReplies() {
		if (!isOpen() || this.outputShut) {
			return;
		}
		this.shutdownOutputRequested = true;
		if (this.replies.isEmpty()) {
			repliesWritten();
			updateInterest();
		}
	}

	/** Every reply so far has left: carry out what waited for that. */
	private void repliesWritten() {
		if (this.inputEnded) {
			closeConnection(true);
			return;
		}
		if (this.shutdownOutputRequested && !this.outputShut) {
			try {
				transport().shutdownOutput();
				this.outputShut = true;
			}
			catch (IOException ex) {
				closeConnection(true);
			}
		}
	}

	private void updateInterest() {
		if (!isOpen() || this.key == null) {
			return;
		}
		boolean wasPaused = this.readingPaused;
		this.readingPaused = this.replies.queuedBytes() > PENDING_REPLY_LIMIT
				|| (wasPaused && !this.replies.isEmpty());
		if (wasPaused && !this.readingPaused) {
			this.reader.restartSilence(System.nanoTime()); // the wait was ours, not the client's silence
		}
		int ops = (this.inputEnded || this.readingPaused) ? 0 : SelectionKey.OP_READ;
		if (!this.replies.isEmpty() || transport().waitsForWritable()) {
			ops |= SelectionKey.OP_WRITE;
		}
		if (this.key.interestOps() != ops) {
			this.key.interestOps(ops);
		}
	}

}
