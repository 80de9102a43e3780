package dev.bufferedsockets.gateway;

import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.protocol.FrameException;
import dev.bufferedsockets.protocol.IdleTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Spring Integration's view of {@link FrameCodec}: payloads are {@code byte[]} of validated UTF-8.
 *
 * <p>Follows the conventions of the framework's own length-header serializer: a stream that ends
 * cleanly between frames raises {@link SoftEndOfStreamException} (a normal close, not an error),
 * and a malformed frame is published as a {@code TcpDeserializationExceptionEvent} before it is
 * thrown to the connection, which then closes.
 *
 * <p>On a socket with a read timeout, a timeout between frames means an idle connection: it is
 * waited out, or, with an idle timeout, ends the connection once the silence lasts that long.
 */
public class LengthHeaderSerializer extends AbstractByteArraySerializer {

	private static final byte[] NO_BYTES = {};

	private final FrameCodec codec;

	private final Duration idleTimeout;

	/** A serializer for which silence between frames is never an error. */
	public LengthHeaderSerializer(FrameCodec codec) {
		this(codec, null);
	}

	/**
	 * @param idleTimeout how long a connection may be silent between frames; null = forever
	 */
	public LengthHeaderSerializer(FrameCodec codec, Duration idleTimeout) {
		this.codec = codec;
		this.idleTimeout = idleTimeout;
		setMaxMessageSize(codec.maxPayloadBytes());
	}

	@Override
	public byte[] deserialize(InputStream inputStream) throws IOException {
		byte[] payload;
		try {
			payload = readFrameAfterIdleness(inputStream);
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

	private byte[] readFrameAfterIdleness(InputStream inputStream) throws IOException {
		long idleSince = System.nanoTime();
		while (true) {
			try {
				return this.codec.readFrame(inputStream);
			}
			catch (SocketTimeoutException idle) {
				if (this.idleTimeout != null && System.nanoTime() - idleSince >= this.idleTimeout.toNanos()) {
					throw new IdleTimeoutException(this.idleTimeout);
				}
			}
		}
	}

	@Override
	public void serialize(byte[] payload, OutputStream outputStream) throws IOException {
		this.codec.writeFrame(outputStream, payload);
	}

}
