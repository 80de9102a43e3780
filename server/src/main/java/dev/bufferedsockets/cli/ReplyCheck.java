package dev.bufferedsockets.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.HeaderFormat;

/**
 * What a correct reply is, worked out independently of the server's own code (decode the text,
 * drop code points with {@link String#offsetByCodePoints}), and how a wrong one differs from it.
 */
final class ReplyCheck {

	/** Characters the server removes: the assignment's 10. */
	static final int DROPPED = 10;

	private static final int HEX_BYTES = 16;

	private ReplyCheck() {
	}

	/** @return Python's {@code text[10:]}: {@code text} without its first 10 code points */
	static String expectedReply(String text) {
		int codePoints = text.codePointCount(0, text.length());
		return text.substring(text.offsetByCodePoints(0, Math.min(DROPPED, codePoints)));
	}

	/**
	 * @return an empty list if {@code received} is exactly the frame of {@code expected}; else lines
	 * saying what was expected, what came, and the first bytes that differ
	 */
	static List<String> differences(HeaderFormat format, String expected, ProbeConnection.Received received) {
		byte[] expectedPayload = expected.getBytes(StandardCharsets.UTF_8);
		if (received.problem() == null && Arrays.equals(received.payload(), expectedPayload)) {
			return List.of();
		}
		byte[] expectedWire = FrameEncoder.of(format).encode(expectedPayload);
		byte[] wire = received.wire();
		List<String> lines = new ArrayList<>();
		lines.add("expected: header " + expectedPayload.length + " (" + Bytes.hex(expectedWire, 0, format.bytes(), format.bytes())
				+ ") then " + expectedPayload.length + " bytes " + Bytes.quoted(expected, 40));
		lines.add("received: " + describe(format, received));
		int differs = Arrays.mismatch(expectedWire, wire);
		if (differs >= 0) {
			lines.add("first difference at byte " + differs + " of the frame: expected "
					+ Bytes.hex(expectedWire, differs, expectedWire.length, HEX_BYTES) + ", received "
					+ Bytes.hex(wire, differs, wire.length, HEX_BYTES));
		}
		return lines;
	}

	private static String describe(HeaderFormat format, ProbeConnection.Received received) {
		byte[] wire = received.wire();
		int headerBytes = Math.min(format.bytes(), wire.length);
		String header = (received.announced() < 0)
				? ((wire.length == 0) ? "no bytes" : "no whole header (" + Bytes.hex(wire, 0, headerBytes, format.bytes()) + ")")
				: "header " + received.announced() + " (" + Bytes.hex(wire, 0, headerBytes, format.bytes()) + ")";
		int following = wire.length - headerBytes;
		String after = (received.announced() < 0) ? ""
				: " then " + following + " bytes" + ((following > 0)
						? " " + Bytes.quoted(Arrays.copyOfRange(wire, headerBytes, wire.length), following, 40) : "");
		return header + after + ((received.problem() != null) ? ": " + received.problem() : "");
	}

}
