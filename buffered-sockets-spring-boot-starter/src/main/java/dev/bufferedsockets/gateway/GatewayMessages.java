package dev.bufferedsockets.gateway;

import java.util.Map;

import org.springframework.integration.gateway.MethodArgsHolder;
import org.springframework.integration.gateway.MethodArgsMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * The two messages of a gateway call that no one but Spring Integration's messaging template sees:
 * the request the proxy makes of the method's argument and the reply the {@link ExchangeHandler}
 * hands back. The template copies each into a message of its own, with a new id and timestamp,
 * before any channel, interceptor or caller sees it, so these carry no id or timestamp: the id
 * generator and the header maps they would cost are paid on every call.
 */
final class GatewayMessages implements MethodArgsMessageMapper {

	static final String BEAN_NAME = "bufferedGatewayRequestMapper";

	private static final MessageHeaders NONE = new Unstamped();

	/** The method's one argument as the payload, with the gateway's own headers if it has any. */
	@Override
	public Message<?> toMessage(MethodArgsHolder call, Map<String, Object> headers) {
		Object payload = call.getArgs()[0];
		if (payload == null) {
			throw new IllegalArgumentException("A request must be a String, not null");
		}
		return (headers == null || headers.isEmpty()) ? new GenericMessage<>(payload, NONE)
				: new GenericMessage<>(payload, headers);
	}

	static <T> Message<T> reply(T payload) {
		return new GenericMessage<>(payload, NONE);
	}

	private static final class Unstamped extends MessageHeaders {

		private static final long serialVersionUID = 1L;

		Unstamped() {
			super(null, ID_VALUE_NONE, -1L);
		}

	}

}
