package dev.bufferedsockets.server.flow;

import java.util.Map;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * Turns what a server connection read into one message whose payload is a {@link FrameBatch},
 * and a reply message back into the batch to write.
 *
 * <p>The message carries only the header the inbound gateway needs to route the reply,
 * {@link IpHeaders#CONNECTION_ID}. Spring Integration's own mapper adds host, address, port and
 * the socket's local address on every message, the last one a native call each time; nothing in
 * this flow reads them, and a connection's address is known to the connection anyway.
 *
 */
public class FrameBatchMessageMapper extends TcpMessageMapper {

	@Override
	public Message<?> toMessage(TcpConnection connection, Map<String, Object> headers) {
		Object payload = connection.getPayload();
		if (payload == null) {
			return null;
		}
		return new GenericMessage<>(payload, Map.of(IpHeaders.CONNECTION_ID, connection.getConnectionId()));
	}

	@Override
	public Object fromMessage(Message<?> message) {
		Object payload = message.getPayload();
		if (payload instanceof FrameBatch) {
			return payload;
		}
		throw new IllegalArgumentException("A server reply must be a FrameBatch, not " + payload.getClass());
	}

}
