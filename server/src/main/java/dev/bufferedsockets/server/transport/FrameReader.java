package dev.bufferedsockets.server.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import dev.bufferedsockets.protocol.FrameDecoder;
import dev.bufferedsockets.protocol.FrameTimeoutException;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.protocol.TruncatedFrameException;

/**
 * Reads one connection's frames as the socket delivers them, without blocking: at most
 * {@code buffer-size} bytes per read call, into the I/O thread's buffer, decoded at once, so the
 * connection keeps nothing between frames but the decoder's few fields. Remembers when bytes last
 * arrived, for the frame and idle timeouts.
 *
 * <p>Used by the connection's I/O thread only.
 */
final class FrameReader {

	/** Reads per readable event while the socket keeps filling the buffer: then other connections get their turn. */
	static final int MAX_READS_PER_EVENT = 16;

	/** What one readable event found. */
	enum Result {
		/** Everything that had arrived is read. */
		DRAINED,
		/** The read budget ran out with bytes the selector will not announce again still in the transport. */
		MORE,
		/** The stream has ended; the frames before the end are in the list. */
		ENDED
	}

	private final ConnectionTransport transport;

	private final FrameDecoder decoder;

	private long lastReadNanos;

	FrameReader(ConnectionTransport transport, HeaderFormat format, int maxPayloadBytes) {
		this.transport = transport;
		this.decoder = new FrameDecoder(format, maxPayloadBytes);
	}

	/**
	 * Read what the socket has (up to {@link #MAX_READS_PER_EVENT} buffers full) and add every frame it
	 * completes to {@code frames}.
	 * @param buffer where to read; its capacity is the most one read call asks for
	 * @throws IOException if reading or decoding fails; the frames before the failure are in {@code frames}
	 */
	Result read(ByteBuffer buffer, List<byte[]> frames) throws IOException {
		for (int reads = 0; reads < MAX_READS_PER_EVENT; reads++) {
			buffer.clear();
			int read = this.transport.read(buffer);
			if (read < 0) {
				return Result.ENDED;
			}
			if (read == 0) {
				return Result.DRAINED;
			}
			this.lastReadNanos = System.nanoTime();
			buffer.flip();
			this.decoder.decode(buffer, frames);
			if (read < buffer.capacity() && !this.transport.buffersInput()) {
				return Result.DRAINED; // the socket had no more: another call would only find it empty
			}
		}
		return this.transport.buffersInput() ? Result.MORE : Result.DRAINED;
	}

	/** @throws TruncatedFrameException if the stream ended inside a frame */
	void endOfStream() throws TruncatedFrameException {
		this.decoder.endOfStream();
	}

	boolean hasPartialFrame() {
		return this.decoder.hasPartialFrame();
	}

	FrameTimeoutException stalled(Duration frameTimeout) {
		return this.decoder.stalled(frameTimeout);
	}

	long lastReadNanos() {
		return this.lastReadNanos;
	}

	/** Start counting silence afresh: at registration, and after a pause that was the server's doing. */
	void restartSilence(long now) {
		this.lastReadNanos = now;
	}

}
