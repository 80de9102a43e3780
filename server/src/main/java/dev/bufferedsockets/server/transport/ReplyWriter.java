package dev.bufferedsockets.server.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.server.flow.FrameBatch;

/**
 * Writes one connection's replies without blocking: straight to the socket as far as it takes
 * them, the rest queued, in order, until the socket is writable again.
 *
 * <p>A batch of small replies is encoded into the I/O thread's own direct buffer and written with
 * one call; a reply too large for that buffer is written from its own array, header and payload in
 * one gathering write. Only what the socket does not take is copied, into a queue that exists only
 * while something waits in it: a connection that has written all its replies holds no buffer.
 *
 * <p>Used by the connection's I/O thread only.
 */
final class ReplyWriter {

	/** Small replies waiting in the queue share chunks of up to this size. */
	private static final int QUEUE_CHUNK_BYTES = 64 * 1024;

	private final ConnectionTransport transport;

	private final FrameEncoder encoder;

	private ArrayDeque<ByteBuffer> queue;

	private long queuedBytes;

	/** When the socket last took reply bytes, or a wait for it began. */
	private long lastProgressNanos;

	ReplyWriter(ConnectionTransport transport, FrameEncoder encoder) {
		this.transport = transport;
		this.encoder = encoder;
	}

	/** @return bytes written by neither {@link #write} nor {@link #flush} yet */
	long queuedBytes() {
		return this.queuedBytes;
	}

	/** @return true if every reply so far has left, none waits here or in the transport */
	boolean isEmpty() {
		return this.queue == null && !this.transport.holdsOutput();
	}

	/** @return when the socket last took reply bytes, or a wait for it began: how long a client has not been reading */
	long lastProgressNanos() {
		return this.lastProgressNanos;
	}

	void restartWait(long now) {
		this.lastProgressNanos = now;
	}

	/**
	 * Write {@code replies} after whatever is queued, encoding them in {@code scratch}.
	 * @return true if all of it is written; false if some waits in the queue
	 */
	boolean write(FrameBatch replies, ByteBuffer scratch) throws IOException {
		if (this.queue != null) {
			enqueue(replies, 0); // behind replies still waiting: never overtake them
			return false;
		}
		this.lastProgressNanos = System.nanoTime();
		scratch.clear();
		for (int i = 0; i < replies.size(); i++) {
			byte[] reply = replies.payload(i);
			int frameBytes = this.encoder.frameBytes(reply.length);
			if (frameBytes > scratch.remaining() && scratch.position() > 0 && !writeScratch(scratch)) {
				enqueue(replies, i);
				return false;
			}
			if (frameBytes > scratch.capacity()) {
				if (!writeFromArray(reply)) {
					enqueue(replies, i + 1);
					return false;
				}
			}
			else {
				this.encoder.encode(reply, scratch);
			}
		}
		return scratch.position() == 0 || writeScratch(scratch);
	}

	/**
	 * Write as much of the queue as the socket takes.
	 * @return true if the queue is empty now
	 */
	boolean flush() throws IOException {
		while (this.queue != null) {
			ByteBuffer head = this.queue.peek();
			int before = head.remaining();
			this.transport.write(head);
			int written = before - head.remaining();
			if (written > 0) {
				this.queuedBytes -= written;
				this.lastProgressNanos = System.nanoTime();
			}
			if (head.hasRemaining()) {
				return false;
			}
			this.queue.poll();
			if (this.queue.isEmpty()) {
				this.queue = null;
			}
		}
		return this.transport.flush();
	}

	/** Write the encoded replies in {@code scratch}; queue a copy of what the socket did not take. */
	private boolean writeScratch(ByteBuffer scratch) throws IOException {
		scratch.flip();
		this.transport.write(scratch);
		boolean all = !scratch.hasRemaining();
		if (!all) {
			ByteBuffer rest = ByteBuffer.allocate(scratch.remaining());
			rest.put(scratch).flip();
			queue(rest);
		}
		scratch.clear();
		return all;
	}

	/** Write one large reply without copying it first; queue (not copy) what the socket did not take. */
	private boolean writeFromArray(byte[] reply) throws IOException {
		ByteBuffer[] frame = { this.encoder.header(reply.length), ByteBuffer.wrap(reply) };
		this.transport.write(frame);
		if (!frame[1].hasRemaining()) {
			return true;
		}
		if (frame[0].hasRemaining()) {
			queue(frame[0]);
		}
		queue(frame[1]);
		return false;
	}

	/** Queue the replies from index {@code from} on, small ones packed together. */
	private void enqueue(FrameBatch replies, int from) {
		long left = 0;
		for (int i = from; i < replies.size(); i++) {
			left += this.encoder.frameBytes(replies.payload(i).length);
		}
		ByteBuffer chunk = null;
		for (int i = from; i < replies.size(); i++) {
			byte[] reply = replies.payload(i);
			int frameBytes = this.encoder.frameBytes(reply.length);
			if (frameBytes > QUEUE_CHUNK_BYTES) {
				chunk = queueIfAny(chunk);
				queue(this.encoder.header(reply.length));
				queue(ByteBuffer.wrap(reply));
			}
			else {
				if (chunk != null && chunk.remaining() < frameBytes) {
					chunk = queueIfAny(chunk);
				}
				if (chunk == null) {
					chunk = ByteBuffer.allocate((int) Math.min(QUEUE_CHUNK_BYTES, Math.max(frameBytes, left)));
				}
				this.encoder.encode(reply, chunk);
			}
			left -= frameBytes;
		}
		queueIfAny(chunk);
	}

	private ByteBuffer queueIfAny(ByteBuffer chunk) {
		if (chunk != null) {
			queue(chunk.flip());
		}
		return null;
	}

	private void queue(ByteBuffer bytes) {
		if (this.queue == null) {
			this.queue = new ArrayDeque<>();
		}
		this.queue.add(bytes);
		this.queuedBytes += bytes.remaining();
	}

}
