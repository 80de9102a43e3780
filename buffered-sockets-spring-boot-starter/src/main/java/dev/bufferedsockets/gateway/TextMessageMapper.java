package dev.bufferedsockets.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.bufferedsockets.protocol.Utf8;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * The gateway's side of the wire: a request's text becomes strict UTF-8 bytes, a reply's bytes
 * (already checked by the codec) become text, so the flow needs no transformers.
 *
 * <p>A reply carries only {@link IpHeaders#CONNECTION_ID}, the header the gateway matches it to its
 * call by. Spring Integration's own mapper adds host, address and port headers and asks the socket
 * for its local address on every reply; nothing here reads them. On a {@link PipelinedConnection}
 * every reply shares the connection's one set of headers, made when it opened.
 */
class TextMessageMapper extends TcpMessageMapper {

	@Override
	public Message<?> toMessage(TcpConnection connection, Map<String, Object> headers) {
		Object payload = connection.getPayload();
		if (payload == null) {
			return null;
		}
		String text = new String((byte[]) payload, StandardCharsets.UTF_8);
		if (connection instanceof PipelinedConnection pipelined) {
			return new GenericMessage<>(text, pipelined.replyHeaders());
		}
		return new GenericMessage<>(text, Map.of(IpHeaders.CONNECTION_ID, connection.getConnectionId()));
	}

	@Override
	public Object fromMessage(Message<?> message) {
		Object payload = message.getPayload();
		if (payload instanceof String text) {
			return Utf8.encode(text);
		}
		if (payload instanceof byte[]) {
			return payload;
		}
		throw new IllegalArgumentException("A request must be a String or byte[], not " + payload.getClass());
	}

}
