package dev.bufferedsockets.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One generator connection: keeps {@code depth} requests in flight and checks every reply, byte
 * for byte, against the one its request must get. Touched by one selector thread only, and
 * allocation-free once built.
 */
final class BenchConnection {

	private final SocketChannel channel;

	private final RequestStream requests;

	private final ByteBuffer out;

	private final int frameBytes;

	private final int streamBytes;

	private final int depth;

	/** When each in-flight request's last byte was written, by request number modulo depth. */
	private final long[] sentAt;

	private long bytesWritten;

	private long framesWritten;

	private long repliesReceived;

	private boolean stopping;

	private int headerBytesRead;

	private int announcedLength;

	private int payloadBytesRead;

	private byte[] expected;

	BenchConnection(SocketChannel channel, RequestStream requests, int depth) {
		this.channel = channel;
		this.requests = requests;
		this.out = requests.newView();
		this.frameBytes = requests.frameBytes();
		this.streamBytes = requests.streamBytes();
		this.depth = depth;
		this.sentAt = new long[depth];
	}

	SocketChannel channel() {
		return this.channel;
	}

	/**
	 * Write requests until {@code depth} are in flight or the socket is full.
	 * @return true if everything wanted went out; false if the caller must wait for writability
	 */
	boolean send(long now) throws IOException {
		long target = this.stopping ? (this.framesWritten + ((this.bytesWritten % this.frameBytes == 0) ? 0 : 1))
				: this.repliesReceived + this.depth;
		long targetBytes = target * this.frameBytes;
		while (this.bytesWritten < targetBytes) {
			int offset = (int) (this.bytesWritten % this.streamBytes);
			int chunk = (int) Math.min(targetBytes - this.bytesWritten, this.streamBytes - offset);
			this.out.clear();
			this.out.position(offset).limit(offset + chunk);
			int written = this.channel.write(this.out);
			if (written == 0) {
				return false;
			}
			this.bytesWritten += written;
			for (long complete = this.bytesWritten / this.frameBytes; this.framesWritten < complete; this.framesWritten++) {
				this.sentAt[(int) (this.framesWritten % this.depth)] = now;
			}
		}
		return true;
	}

	/**
	 * Check the reply bytes in {@code bytes[from, to)} and record each reply they complete.
	 * @throws ReplyMismatchException if they are not exactly the replies expected next
	 */
	void receive(byte[] bytes, int from, int to, long now, ReplyRecorder recorder) throws ReplyMismatchException {
		int i = from;
		while (i < to) {
			if (this.headerBytesRead < 4) {
				this.announcedLength = (this.announcedLength << 8) | (bytes[i++] & 0xFF);
				if (++this.headerBytesRead == 4) {
					startReply(now, recorder);
				}
				continue;
			}
			int n = Math.min(to - i, this.expected.length - this.payloadBytesRead);
			int mismatch = Arrays.mismatch(bytes, i, i + n, this.expected, this.payloadBytesRead,
					this.payloadBytesRead + n);
			if (mismatch >= 0) {
				throw new ReplyMismatchException("reply " + this.repliesReceived + " differs from the expected "
						+ this.expected.length + "-byte reply at payload byte " + (this.payloadBytesRead + mismatch));
			}
			i += n;
			this.payloadBytesRead += n;
			if (this.payloadBytesRead == this.expected.length) {
				completeReply(now, recorder);
			}
		}
	}

	/** Send no new requests; finish the one being written, if any. */
	void stop() {
		this.stopping = true;
	}

	/** @return true once stopping and every request written has its reply */
	boolean drained() {
		return this.stopping && this.repliesReceived == this.framesWritten && this.bytesWritten % this.frameBytes == 0;
	}

	/** @return requests written that have no reply yet */
	long outstanding() {
		return this.framesWritten - this.repliesReceived;
	}

	void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// the connection is finished with either way
		}
	}

	private void startReply(long now, ReplyRecorder recorder) throws ReplyMismatchException {
		if (this.repliesReceived >= this.framesWritten) {
			throw new ReplyMismatchException("a reply arrived before its request was sent (" + this.repliesReceived
					+ " replies, " + this.framesWritten + " requests)");
		}
		this.expected = this.requests.expectedReply(this.repliesReceived);
		if (this.announcedLength != this.expected.length) {
			throw new ReplyMismatchException("reply " + this.repliesReceived + " announces "
					+ Integer.toUnsignedString(this.announcedLength) + " bytes, expected " + this.expected.length);
		}
		this.payloadBytesRead = 0;
		if (this.expected.length == 0) {
			completeReply(now, recorder);
		}
	}

	private void completeReply(long now, ReplyRecorder recorder) {
		recorder.reply(now - this.sentAt[(int) (this.repliesReceived % this.depth)], now, this.expected.length);
		this.repliesReceived++;
		this.headerBytesRead = 0;
		this.announcedLength = 0;
	}

}
