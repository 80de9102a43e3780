package dev.bufferedsockets.gateway;

import dev.bufferedsockets.protocol.Utf8;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.messaging.Message;

/**
 * The end of the gateway's request flow: encodes the request as strict UTF-8 (an unpaired surrogate
 * is refused here, before anything is sent) and hands it to the {@link PipelinedExchanger}. For
 * {@code exchange} the reply message carries the reply; for {@code exchangeAsync} it carries the
 * future, which the messaging gateway returns as it is (it has no executor of its own).
 *
 * <p>The reply carries no copy of the request's headers: the gateway reads only its payload.
 */
final class ExchangeHandler extends AbstractReplyProducingMessageHandler {

	private final PipelinedExchanger exchanger;

	private final boolean waitForReply;

	/**
	 * @param waitForReply true: reply with the server's reply; false: reply with a
	 * {@code CompletableFuture} of it at once
	 */
	ExchangeHandler(PipelinedExchanger exchanger, boolean waitForReply) {
		this.exchanger = exchanger;
		this.waitForReply = waitForReply;
	}

	@Override
	protected Object handleRequestMessage(Message<?> request) {
		Object text = request.getPayload();
		if (!(text instanceof String)) {
			throw new IllegalArgumentException("A request must be a String, not " + text.getClass());
		}
		byte[] payload = Utf8.encode((String) text);
		return GatewayMessages.reply(this.waitForReply ? this.exchanger.exchange(payload)
				: this.exchanger.exchangeAsync(payload));
	}

	@Override
	protected boolean shouldCopyRequestHeaders() {
		return false;
	}

}
