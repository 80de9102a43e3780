package dev.bufferedsockets.gateway;

import org.springframework.integration.ip.tcp.outbound.TcpOutboundGateway;

/**
 * Spring Integration's TCP outbound gateway under a log category of its own. The framework's
 * gateway logs every failed attempt at ERROR with a full stack, even one that the retry advice
 * then answers on a fresh connection; here every failure reaches the caller as a
 * {@link ServerUnavailableException} and is logged once, in one line, by the gateway's error flow
 * ({@link BufferedGatewayAutoConfiguration}), so the starter quiets this category and leaves the
 * framework's own {@code TcpOutboundGateway} category, and every other user of it, as configured.
 */
class CallerReportedOutboundGateway extends TcpOutboundGateway {

}
