package dev.bufferedsockets.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.protocol.FrameDecoder;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.FrameTimeoutException;
import dev.bufferedsockets.protocol.FrameTooLargeException;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.protocol.InvalidUtf8Exception;
import dev.bufferedsockets.protocol.TruncatedFrameException;

/**
 * One client connection of {@code conform --serve}: read each frame with the protocol's decoder
 * (the header must match the payload that follows, the payload must be UTF-8, and the bytes after
 * a frame must become the next header within the frame timeout), answer it correctly, and on the
 * first problem stop and say what was wrong, with the bytes concerned and, where the bytes suggest
 * it, the likely mistake (a 2-byte header read as 4, or the other way round).
 */
final class ClientCheck {

	/** The largest payload accepted from a client, as the real server's default. */
	private static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

	/** Bytes of each frame kept to show when it is wrong. */
	private static final int KEPT_BYTES = 64 * 1024;

	private final Socket socket;

	private final int id;

	private final HeaderFormat format;

	private final Duration frameTimeout;

	private final Duration idleTimeout;

	private final List<String> problems = new ArrayList<>();

	private int frames;

	private int emptyFrames;

	private int replies;

	ClientCheck(Socket socket, int id, HeaderFormat format, Duration frameTimeout, Duration idleTimeout) {
		this.socket = socket;
		this.id = id;
		this.format = format;
		this.frameTimeout = frameTimeout;
		this.idleTimeout = idleTimeout;
	}

	/**
	 * @param client the client's address and port
	 * @param ending how the connection ended
	 * @param problems what the client did wrong, empty for a clean connection
	 */
	record Report(int id, String client, int frames, int replies, String ending, List<String> problems) {

		boolean clean() {
			return this.problems.isEmpty();
		}

	}

	Report run() {
		String client = describe(this.socket);
		String ending;
		try (this.socket) {
			this.socket.setTcpNoDelay(true);
			this.socket.setSoTimeout((int) Math.min(this.frameTimeout.toMillis(), this.idleTimeout.toMillis()));
			ending = check(new KeepingInput(this.socket.getInputStream()), this.socket.getOutputStream());
		}
		catch (IOException ex) {
			ending = "the connection failed after frame " + this.frames + ": " + ex.getMessage();
		}
		if (this.format == HeaderFormat.TWO_BYTES && this.frames >= 2 && this.emptyFrames * 2 == this.frames) {
			this.problems.add("every other frame was empty, each before a real one: this looks like a client with a "
					+ "4-byte header (!I), each read as two 2-byte ones; try without --header-bytes 2");
		}
		return new Report(this.id, client, this.frames, this.replies, ending, List.copyOf(this.problems));
	}

	private String check(KeepingInput in, OutputStream out) throws IOException {
		FrameEncoder encoder = FrameEncoder.of(this.format);
		long idleSince = System.nanoTime();
		while (true) {
			in.keep();
			byte[] payload;
			try {
				payload = new FrameDecoder(this.format, MAX_PAYLOAD_BYTES).readFrame(in, 64 * 1024, this.frameTimeout);
			}
			catch (FrameTimeoutException stalled) {
				return stalled(stalled, in.kept());
			}
			catch (SocketTimeoutException idle) {
				if (System.nanoTime() - idleSince >= this.idleTimeout.toNanos()) {
					return "the client sent nothing for " + this.idleTimeout.toMillis() + " ms between frames; closed";
				}
				continue;
			}
			catch (TruncatedFrameException truncated) {
				return truncated(truncated, in.kept());
			}
			catch (FrameTooLargeException tooLarge) {
				return tooLarge(tooLarge, in.kept());
			}
			catch (InvalidUtf8Exception invalid) {
				byte[] kept = in.kept();
				int at = this.format.bytes() + invalid.offset();
				this.problems.add("frame " + (this.frames + 1) + ": its " + (kept.length - this.format.bytes())
						+ "-byte payload is not valid UTF-8 from byte " + invalid.offset() + ": "
						+ Bytes.hex(kept, Math.min(at, kept.length), kept.length, 8));
				return "closed by the checker after the invalid frame, as the real server does";
			}
			if (payload == null) {
				return "the client closed the connection between frames";
			}
			this.frames++;
			this.emptyFrames += (payload.length == 0) ? 1 : 0;
			String reply = ReplyCheck.expectedReply(new String(payload, StandardCharsets.UTF_8));
			encoder.write(out, reply.getBytes(StandardCharsets.UTF_8));
			this.replies++;
			idleSince = System.nanoTime();
		}
	}

	private String stalled(FrameTimeoutException stalled, byte[] kept) {
		String after = "after frame " + this.frames;
		if ("header".equals(stalled.part())) {
			this.problems.add(after + ", " + stalled.received() + " bytes (" + Bytes.hex(kept, 16)
					+ ") did not become a whole header within " + this.frameTimeout.toMillis()
					+ " ms: after a frame, only the next frame's header may follow");
		}
		else {
			this.problems.add("frame " + (this.frames + 1) + ": the header (" + header(kept) + ") announced "
					+ stalled.expected() + " bytes, " + stalled.received() + " came, then nothing for "
					+ this.frameTimeout.toMillis() + " ms: a header must count the payload's bytes exactly");
			hintTwoByteHeader(stalled.expected(), stalled.received(), kept);
		}
		return "closed by the checker";
	}

	private String truncated(TruncatedFrameException truncated, byte[] kept) {
		if ("header".equals(truncated.part())) {
			this.problems.add("after frame " + this.frames + ", " + truncated.received() + " stray bytes ("
					+ Bytes.hex(kept, 16) + ") that are not a whole header, then the client closed the connection");
		}
		else {
			this.problems.add("frame " + (this.frames + 1) + ": the header (" + header(kept) + ") announced "
					+ truncated.expected() + " bytes but the connection closed after "
					+ truncated.received());
			hintTwoByteHeader(truncated.expected(), truncated.received(), kept);
		}
		return "the client closed the connection inside a frame";
	}

	private String tooLarge(FrameTooLargeException tooLarge, byte[] kept) {
		this.problems.add("frame " + (this.frames + 1) + ": the header (" + header(kept) + ") announces "
				+ tooLarge.announcedBytes() + " bytes, more than the " + MAX_PAYLOAD_BYTES
				+ " this checker accepts" + ((this.frames > 0) ? ": did the previous frame's header count too few bytes?" : ""));
		hintTwoByteHeader(tooLarge.announcedBytes(), -1, kept);
		return "closed by the checker";
	}

	/**
	 * A 2-byte header read as 4 bytes takes the payload's first 2 bytes into the length: its upper half
	 * is then the real length, and exactly that many bytes, less those 2, follow.
	 */
	private void hintTwoByteHeader(long announced, long arrived, byte[] kept) {
		long asTwoBytes = announced >>> 16;
		if (this.format == HeaderFormat.FOUR_BYTES && this.frames == 0 && asTwoBytes > 0
				&& (arrived < 0 || asTwoBytes == arrived + 2)) {
			this.problems.add("hint: read as a 2-byte header (!H), " + Bytes.hex(kept, 0, Math.min(2, kept.length), 2)
					+ " announces " + asTwoBytes
					+ " bytes" + ((arrived >= 0) ? ", exactly what came" : "") + ": try --header-bytes 2");
		}
	}

	/** @return the header bytes at the start of {@code kept}, in hex */
	private String header(byte[] kept) {
		return Bytes.hex(kept, 0, Math.min(kept.length, this.format.bytes()), this.format.bytes());
	}

	private static String describe(Socket socket) {
		if (socket.getRemoteSocketAddress() instanceof InetSocketAddress address) {
			return address.getAddress().getHostAddress() + ":" + address.getPort();
		}
		return String.valueOf(socket.getRemoteSocketAddress());
	}

	/** The client's input, keeping the first bytes of the frame being read to show them when it is wrong. */
	private static final class KeepingInput extends InputStream {

		private final InputStream in;

		private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

		KeepingInput(InputStream in) {
			this.in = in;
		}

		/** Start keeping afresh: a new frame begins. */
		void keep() {
			this.kept.reset();
		}

		byte[] kept() {
			return this.kept.toByteArray();
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0 && this.kept.size() < KEPT_BYTES) {
				this.kept.write(b);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				this.kept.write(buffer, offset, Math.min(n, Math.max(0, KEPT_BYTES - this.kept.size())));
			}
			return n;
		}

	}

}
