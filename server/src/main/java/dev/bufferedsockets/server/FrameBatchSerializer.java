package dev.bufferedsockets.server;

import java.io.IOException;
import java.io.OutputStream;

import dev.bufferedsockets.protocol.FrameCodec;

import org.springframework.core.serializer.Serializer;

/**
 * Writes a batch of replies as consecutive frames on a blocking stream: the TLS listener's
 * serializer (its connections read with {@code LengthHeaderSerializer}, one frame at a time, so
 * their batches hold one frame).
 */
class FrameBatchSerializer implements Serializer<FrameBatch> {

	private final FrameCodec codec;

	FrameBatchSerializer(FrameCodec codec) {
		this.codec = codec;
	}

	@Override
	public void serialize(FrameBatch replies, OutputStream out) throws IOException {
		for (int i = 0; i < replies.size(); i++) {
			this.codec.writeFrame(out, replies.payload(i));
		}
	}

}
