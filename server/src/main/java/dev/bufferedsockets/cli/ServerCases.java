package dev.bufferedsockets.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.bufferedsockets.cli.ConformCase.Outcome;
import dev.bufferedsockets.cli.ConformCase.Target;
import dev.bufferedsockets.protocol.HeaderFormat;

/**
 * The cases {@code conform} runs against a server, in order: the assignment's own (its example, and
 * its short, medium and long messages against a 1 KiB buffer, in series and pipelined), then what
 * a server gets wrong most often (empty and 10-character payloads, code points rather than bytes,
 * frames split or joined by TCP, reading past a frame), then two behaviours the assignment leaves
 * open, reported only. Each case uses connections of its own, so one failure does not spoil the next.
 */
final class ServerCases {

	static final String SEED = "Four score and seven years ago";

	private static final String INVALID_UTF8_TEXT = "0123456789";

	private ServerCases() {
	}

	static List<ConformCase> all(HeaderFormat format) {
		int longest = (int) Math.min(650_000, format.maxLength());
		List<String> series = List.of(ascii(1_500, 1), ascii(1_500, 2), ascii(1_500, 3));
		List<String> hundred = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			hundred.add(String.format("message %03d ", i) + ascii(i * 7, 100 + i));
		}
		return List.of(
				required("seed-example", "the assignment's example: [30]Four score and seven years ago -> [20] and seven years ago",
						target -> inSeries(target, List.of(SEED))),
				required("short", "32 characters, shorter than a 1 KiB buffer", target -> inSeries(target, List.of(ascii(32, 4)))),
				required("medium", "1,245 characters, slightly longer than a 1 KiB buffer",
						target -> inSeries(target, List.of(ascii(1_245, 5)))),
				required("long", String.format("%,d characters, many times a 1 KiB buffer", longest),
						target -> inSeries(target, List.of(ascii(longest, 6)))),
				required("series", "three messages of 1,500 characters, each reply awaited before the next message",
						target -> inSeries(target, series)),
				required("pipelined", "three messages of 1,500 characters sent before any reply is read",
						target -> pipelined(target, series, false)),
				required("empty", "an empty payload (header 0) gets an empty reply", target -> inSeries(target, List.of(""))),
				required("ten-characters", "exactly 10 characters get an empty reply, 11 get their last",
						target -> inSeries(target, List.of("0123456789", "0123456789!"))),
				required("emoji", "12 emoji and a word: an emoji is one character (4 bytes)",
						target -> inSeries(target, List.of("😀".repeat(12) + " smile"))),
				required("cjk", "Japanese text: 3-byte characters",
						target -> inSeries(target, List.of("日本語のテキストです。漢字とかな"))),
				required("combining-marks", "e + combining acute accent, 5 times: each mark is a code point of its own",
						target -> inSeries(target, List.of("e\u0301".repeat(5) + " accents, é"))),
				required("one-byte-writes", "the seed example written one byte at a time",
						target -> oneByteWrites(target)),
				required("split-header-and-payload", "the header in one write, the payload in another 200 ms later",
						target -> splitHeaderAndPayload(target)),
				required("two-frames-one-write", "two frames in one write get two replies: the server must not read past a frame",
						target -> pipelined(target, List.of("first frame in the write", "second frame in the same write"), true)),
				required("frame-then-next-header", "a frame and the next frame's header in one write: the first reply comes "
						+ "before the second payload is sent", target -> frameThenNextHeader(target)),
				required("pipelined-100", "100 frames in one write get 100 replies, in order",
						target -> pipelined(target, hundred, true)),
				reported("invalid-utf8", "a payload that is not UTF-8 (0123456789 ff fe abc): what the server does",
						target -> invalidUtf8(target)),
				reported("oversized-header",
						"a header announcing " + format.maxLength() + " bytes, then 10 bytes: what the server does",
						target -> oversizedHeader(target)));
	}

	/** @return {@code length} ASCII characters, the same for the same seed */
	static String ascii(int length, int seed) {
		String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt((i * 31 + seed * 7 + i / 61) % alphabet.length()));
		}
		return text.toString();
	}

	private static ConformCase required(String name, String description, ConformCase.Check check) {
		return new ConformCase(name, description, true, check);
	}

	private static ConformCase reported(String name, String description, ConformCase.Check check) {
		return new ConformCase(name, description, false, check);
	}

	/** Send each message and check its reply before the next; then nothing more may come. */
	private static Outcome inSeries(Target target, List<String> messages) throws IOException {
		try (ProbeConnection connection = target.connect()) {
			for (String message : messages) {
				connection.send(connection.frame(utf8(message)));
				List<String> wrong = expect(connection, message);
				if (!wrong.isEmpty()) {
					return Outcome.fail(wrong);
				}
			}
			return nothingMore(connection);
		}
	}

	/** Send every message (in one write, or one write each), then check the replies in order. */
	private static Outcome pipelined(Target target, List<String> messages, boolean oneWrite) throws IOException {
		try (ProbeConnection connection = target.connect()) {
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			for (String message : messages) {
				byte[] frame = connection.frame(utf8(message));
				if (oneWrite) {
					all.writeBytes(frame);
				}
				else {
					connection.send(frame);
				}
			}
			if (oneWrite) {
				connection.send(all.toByteArray());
			}
			for (int i = 0; i < messages.size(); i++) {
				List<String> wrong = expect(connection, messages.get(i));
				if (!wrong.isEmpty()) {
					List<String> lines = new ArrayList<>();
					lines.add("reply " + (i + 1) + " of " + messages.size() + ":");
					lines.addAll(wrong);
					return Outcome.fail(lines);
				}
			}
			return nothingMore(connection);
		}
	}

	private static Outcome oneByteWrites(Target target) throws IOException {
		try (ProbeConnection connection = target.connect()) {
			connection.sendInPieces(connection.frame(utf8(SEED)), 1);
			List<String> wrong = expect(connection, SEED);
			return wrong.isEmpty() ? nothingMore(connection) : Outcome.fail(wrong);
		}
	}

	private static Outcome splitHeaderAndPayload(Target target) throws IOException {
		try (ProbeConnection connection = target.connect()) {
			byte[] frame = connection.frame(utf8(SEED));
			int header = target.format().bytes();
			connection.send(Arrays.copyOf(frame, header));
			pause(200);
			connection.send(Arrays.copyOfRange(frame, header, frame.length));
			List<String> wrong = expect(connection, SEED);
			return wrong.isEmpty() ? nothingMore(connection) : Outcome.fail(wrong);
		}
	}

	/**
	 * A server that reads whatever the socket has and takes it all as one message mixes the second
	 * header into the first reply, or waits for more than the first frame before it answers.
	 */
	private static Outcome frameThenNextHeader(Target target) throws IOException {
		String first = "the first frame, complete";
		String second = "the second frame, whose payload comes only after the first reply";
		try (ProbeConnection connection = target.connect()) {
			byte[] next = connection.frame(utf8(second));
			int header = target.format().bytes();
			ByteArrayOutputStream write = new ByteArrayOutputStream();
			write.writeBytes(connection.frame(utf8(first)));
			write.write(next, 0, header);
			connection.send(write.toByteArray());
			List<String> wrong = expect(connection, first);
			if (!wrong.isEmpty()) {
				List<String> lines = new ArrayList<>();
				lines.add("the reply to the first frame, sent with the second frame's header:");
				lines.addAll(wrong);
				return Outcome.fail(lines);
			}
			connection.send(Arrays.copyOfRange(next, header, next.length));
			wrong = expect(connection, second);
			return wrong.isEmpty() ? nothingMore(connection) : Outcome.fail(wrong);
		}
	}

	private static Outcome invalidUtf8(Target target) throws IOException {
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		payload.writeBytes(utf8(INVALID_UTF8_TEXT));
		payload.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xFE });
		payload.writeBytes(utf8("abc"));
		try (ProbeConnection connection = target.connect()) {
			connection.send(connection.frame(payload.toByteArray()));
			return Outcome.note(whatHappened(connection, payload.size()) + "; " + stillServes(target));
		}
	}

	private static Outcome oversizedHeader(Target target) throws IOException {
		try (ProbeConnection connection = target.connect()) {
			byte[] header = connection.frame(new byte[0]);
			Arrays.fill(header, (byte) 0xFF);
			connection.send(header);
			connection.send(utf8(INVALID_UTF8_TEXT));
			return Outcome.note(whatHappened(connection, 0) + "; " + stillServes(target));
		}
	}

	/** What the server did with a frame the assignment says nothing about: replied, closed, or waited. */
	private static String whatHappened(ProbeConnection connection, int sentPayloadBytes) throws IOException {
		ProbeConnection.Received received = connection.read(Math.max(sentPayloadBytes, 64));
		if (received.problem() == null) {
			return "the server replied with " + received.payload().length + " bytes "
					+ Bytes.quoted(received.payload(), received.payload().length, 40);
		}
		if (received.wire().length > 0) {
			return "the server sent " + received.wire().length + " bytes (" + Bytes.hex(received.wire(), 16) + "): "
					+ received.problem();
		}
		if (received.timedOut()) {
			return "no reply, and the connection stayed open until the case's time limit";
		}
		return "the server closed the connection without replying";
	}

	private static String stillServes(Target target) {
		try (ProbeConnection connection = target.again().connect()) {
			connection.send(connection.frame(utf8(SEED)));
			return expect(connection, SEED).isEmpty() ? "a new connection was then served correctly"
					: "a new connection then got no correct reply";
		}
		catch (IOException ex) {
			return "a new connection then failed (" + ex.getMessage() + "): did the server stop?";
		}
	}

	private static List<String> expect(ProbeConnection connection, String message) throws IOException {
		String reply = ReplyCheck.expectedReply(message);
		ProbeConnection.Received received = connection.read(utf8(reply).length);
		return ReplyCheck.differences(connection.format(), reply, received);
	}

	private static Outcome nothingMore(ProbeConnection connection) throws IOException {
		byte[] extra = connection.trailingBytes();
		if (extra.length == 0) {
			return Outcome.pass();
		}
		return Outcome.fail("after the last expected reply, " + extra.length + " more bytes came: "
				+ Bytes.hex(extra, 16));
	}

	private static void pause(long millis) throws IOException {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted");
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
