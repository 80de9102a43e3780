package dev.bufferedsockets.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.protocol.FrameCodec;

/** Reading replies straight off a socket, for tests that need more control than BufferedClient gives. */
public final class Replies {

	private Replies() {
	}

	/** Reads replies until the server's end of stream; a reset throws instead. */
	public static List<String> untilEndOfStream(InputStream in) throws IOException {
		FrameCodec codec = new FrameCodec(65536, FrameCodec.MAX_PAYLOAD_BYTES);
		List<String> replies = new ArrayList<>();
		for (byte[] reply = codec.readFrame(in); reply != null; reply = codec.readFrame(in)) {
			replies.add(new String(reply, StandardCharsets.UTF_8));
		}
		return replies;
	}

}
