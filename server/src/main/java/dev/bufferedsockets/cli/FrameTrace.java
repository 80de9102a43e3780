package dev.bufferedsockets.cli;

import java.io.PrintStream;
import java.nio.ByteBuffer;

import dev.bufferedsockets.protocol.FrameListener;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.protocol.TruncatedFrameException;

/**
 * What {@code trace} prints for one direction of one connection: a line per frame once it has
 * passed (header value, payload bytes, the text escaped and shortened, how it was split or joined
 * by TCP, what is wrong with it), and optionally a hex dump. It keeps the first bytes of a payload
 * for the line and nothing else, so a frame of any size passes through a few hundred bytes.
 */
final class FrameTrace implements FrameListener {

	/** Payload bytes kept for the text and the hex dump. */
	private static final int PREVIEW_BYTES = 256;

	private static final int PREVIEW_CHARS = 60;

	private static final int HEX_BYTES = 32;

	private final String prefix;

	private final String direction;

	private final HeaderFormat format;

	private final boolean hex;

	private final PrintStream out;

	private final Utf8Scan utf8 = new Utf8Scan();

	private final byte[] preview = new byte[PREVIEW_BYTES];

	private int read;

	private int frames;

	private long bytes;

	private long announced = -1;

	private long received;

	private int startRead;

	private int lastEndRead = -1;

	FrameTrace(int connection, String direction, HeaderFormat format, boolean hex, PrintStream out) {
		this.prefix = "#" + connection + " " + direction;
		this.direction = direction;
		this.format = format;
		this.hex = hex;
		this.out = out;
	}

	/** The bytes scanned next came in one more read from the socket: a segment, or several. */
	void nextRead(int bytes) {
		this.read++;
		this.bytes += bytes;
	}

	String direction() {
		return this.direction;
	}

	int frames() {
		return this.frames;
	}

	long bytes() {
		return this.bytes;
	}

	@Override
	public void frameStarted(long payloadLength) {
		this.frames++;
		this.announced = payloadLength;
		this.received = 0;
		this.startRead = this.read;
		this.utf8.reset();
	}

	@Override
	public void payload(ByteBuffer chunk) {
		int keep = (int) Math.min(chunk.remaining(), Math.max(0, PREVIEW_BYTES - this.received));
		if (keep > 0) {
			chunk.get(chunk.position(), this.preview, (int) this.received, keep);
		}
		this.utf8.accept(chunk);
		this.received += chunk.remaining();
	}

	@Override
	public void frameEnded() {
		this.utf8.end();
		String problem = (this.utf8.invalidAt() >= 0) ? "invalid UTF-8 at payload byte " + this.utf8.invalidAt() : null;
		print(problem);
		this.lastEndRead = this.read;
		this.announced = -1;
	}

	/** The stream ended inside a frame: say how far it got. */
	void truncated(TruncatedFrameException truncated) {
		if ("header".equals(truncated.part())) {
			this.out.println(this.prefix + ": the stream ended after " + truncated.received() + " of "
					+ this.format.bytes() + " header bytes; PROBLEM: a frame was cut inside its header");
			return;
		}
		print("the header announces " + this.announced + " bytes but the connection closed after " + this.received);
	}

	private void print(String problem) {
		StringBuilder line = new StringBuilder(this.prefix).append(" frame ").append(this.frames).append(": header ")
			.append(this.announced).append(", ").append(this.received).append(" bytes");
		int shown = (int) Math.min(this.received, PREVIEW_BYTES);
		if (this.received > 0) {
			line.append(' ').append(Bytes.quoted(this.preview, shown, PREVIEW_CHARS));
		}
		if (this.startRead == this.lastEndRead) {
			line.append("; in the same read as frame ").append(this.frames - 1).append(" (fine: TCP is a stream)");
		}
		else if (this.read > this.startRead) {
			line.append("; arrived in ").append(this.read - this.startRead + 1).append(" reads");
		}
		if (problem != null) {
			line.append("; PROBLEM: ").append(problem);
		}
		if (this.hex) {
			line.append(System.lineSeparator()).append("    ").append(headerHex()).append(" | ")
				.append(Bytes.hex(this.preview, 0, shown, HEX_BYTES));
		}
		this.out.println(line); // one call, so the other direction's lines never land inside it
	}

	private String headerHex() {
		byte[] header = new byte[this.format.bytes()];
		for (int i = 0; i < header.length; i++) {
			header[i] = (byte) (this.announced >>> (8 * (header.length - 1 - i)));
		}
		return Bytes.hex(header, header.length);
	}

}
