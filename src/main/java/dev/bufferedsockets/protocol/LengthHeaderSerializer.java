package dev.bufferedsockets.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Spring Integration's view of {@link FrameCodec}: payloads are {@code byte[]} of validated UTF-8.
 *
 * <p>Follows the conventions of the framework's own length-header serializer: a stream that ends
 * cleanly between frames raises {@link SoftEndOfStreamException} (a normal close, not an error),
 * and a malformed frame is published as a {@code TcpDeserializationExceptionEvent} before it is
 * thrown to the connection, which then closes.
 */
public class LengthHeaderSerializer extends AbstractByteArraySerializer {

	private static final byte[] NO_BYTES = {};

	private final FrameCodec codec;

	public LengthHeaderSerializer(FrameCodec codec) {
		this.codec = codec;
		setMaxMessageSize(codec.maxPayloadBytes());
	}

	public FrameCodec getCodec() {
		return this.codec;
	}

	@Override
	public byte[] deserialize(InputStream inputStream) throws IOException {
		byte[] payload;
		try {
			payload = this.codec.readFrame(inputStream);
		}
		catch (FrameException ex) {
			publishEvent(ex, NO_BYTES, -1);
			throw ex;
		}
		if (payload == null) {
			throw new SoftEndOfStreamException("Stream closed between payloads");
		}
		return payload;
	}

	@Override
	public void serialize(byte[] payload, OutputStream outputStream) throws IOException {
		this.codec.writeFrame(outputStream, payload);
	}

}
