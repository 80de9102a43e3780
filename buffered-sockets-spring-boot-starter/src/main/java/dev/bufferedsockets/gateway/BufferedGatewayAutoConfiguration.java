package dev.bufferedsockets.gateway;

import java.time.Duration;


import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.log.LogAccessor;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.gateway.AnnotationGatewayProxyFactoryBean;
import org.springframework.integration.handler.advice.RequestHandlerRetryAdvice;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.CachingClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

/**
 * Auto-configuration of {@link BufferedGateway}: Spring Integration's TCP outbound gateway on a pool of
 * connections using the protocol's frame codec, configured by {@code buffered.client.*}
 * ({@link BufferedClientProperties}). An application's own {@code BufferedGateway} or
 * {@code bufferedClientConnectionFactory} bean replaces ours. Requests are encoded as strict UTF-8 (an
 * unpaired surrogate is refused, not sent as '?') and replies come back as text, both by
 * {@link TextMessageMapper}; each reply is read on its caller's thread ({@link CallerThreadConnection}). Connections open on first use, so an
 * application that never calls the gateway never connects.
 */
@AutoConfiguration(after = IntegrationAutoConfiguration.class)
@EnableConfigurationProperties(BufferedClientProperties.class)
public final class BufferedGatewayAutoConfiguration {

	private static final LogAccessor logger = new LogAccessor(BufferedGatewayAutoConfiguration.class);

	static final String REQUEST_CHANNEL = "bufferedGateway.requests";

	static final String ERROR_CHANNEL = "bufferedGateway.errors";

	/**
	 * The gateway, unless the application has one: its own bean, or the one Spring Integration's
	 * component scan finds when the application's packages include ours.
	 */
	@Bean
	@ConditionalOnMissingBean(value = BufferedGateway.class, name = "bufferedGateway")
	AnnotationGatewayProxyFactoryBean<BufferedGateway> bufferedGateway() {
		return new AnnotationGatewayProxyFactoryBean<>(BufferedGateway.class);
	}

	@Bean
	@ConditionalOnMissingBean(name = "bufferedClientConnectionFactory")
	AbstractClientConnectionFactory bufferedClientConnectionFactory(BufferedClientProperties properties,
			ObjectProvider<SslBundles> sslBundles, ApplicationEventPublisher events) {
		TcpNetClientConnectionFactory connections = new TcpNetClientConnectionFactory(properties.host(),
				properties.port());
		// Replies are read on the caller's thread, so the socket's read timeout bounds the wait.
		LengthHeaderSerializer serializer = new LengthHeaderSerializer(properties.frameCodec(), properties.timeout());
		connections.setSerializer(serializer);
		connections.setDeserializer(serializer);
		connections.setSoTimeout((int) properties.timeout().toMillis());
		connections.setMapper(new TextMessageMapper());
		connections.setTcpNetConnectionSupport((socket, server, lookupHost, publisher, factoryName) ->
				new CallerThreadConnection(socket, publisher, factoryName));
		// Not a bean of its own, so nothing else hands it the publisher (without one it logs a
		// warning for every connection opened or closed instead of publishing the event).
		connections.setApplicationEventPublisher(events);
		connections.setSoTcpNoDelay(true);
		connections.setLookupHost(false);
		if (properties.hasSslBundle()) {
			SslBundle bundle = sslBundles.getObject().getBundle(properties.sslBundle());
			connections.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(bundle::createSslContext));
		}
		return new CachingClientConnectionFactory(connections, properties.poolSize());
	}

	@Bean
	IntegrationFlow bufferedGatewayFlow(AbstractClientConnectionFactory bufferedClientConnectionFactory,
			BufferedClientProperties properties, Environment environment) {
		quietDuplicateFailureLog(environment);
		CallerReportedOutboundGateway gateway = new CallerReportedOutboundGateway();
		gateway.setConnectionFactory(bufferedClientConnectionFactory);
		gateway.setRemoteTimeout(properties.timeout().toMillis());
		return IntegrationFlow.from(REQUEST_CHANNEL)
			.handle(gateway, endpoint -> endpoint.advice(retryOnLostConnection(properties.poolSize())))
			.get();
	}

	/** See {@link CallerReportedOutboundGateway}; an application that sets this category's level keeps its own. */
	private static void quietDuplicateFailureLog(Environment environment) {
		String category = CallerReportedOutboundGateway.class.getName();
		if (!environment.containsProperty("logging.level." + category)) {
			LoggingSystem.get(BufferedGatewayAutoConfiguration.class.getClassLoader()).setLogLevel(category, LogLevel.OFF);
		}
	}

	/**
	 * A pooled connection the server closed while it was idle shows only when it is next used (see
	 * {@link CallerThreadConnection}): such a call is made again at once on the next connection,
	 * as often as the pool may hold closed ones, the last time on a new connection.
	 */
	private static RequestHandlerRetryAdvice retryOnLostConnection(int poolSize) {
		RequestHandlerRetryAdvice retry = new RequestHandlerRetryAdvice();
		retry.setRetryPolicy(RetryPolicy.builder()
			.maxRetries(poolSize)
			.delay(Duration.ZERO)
			.predicate(ConnectionLostException::isAmongCausesOf)
			.build());
		return retry;
	}

	/**
	 * Whatever failed on the way (refused connection, empty pool, closed socket, timeout), the
	 * caller gets one exception type that names the server and the reason.
	 */
	@Bean
	IntegrationFlow bufferedGatewayErrorFlow(BufferedClientProperties properties) {
		String target = properties.host() + ":" + properties.port();
		return IntegrationFlow.from(ERROR_CHANNEL)
			.handle(ErrorMessage.class, (error, headers) -> {
				RuntimeException failure = failure(error, target);
				if (failure instanceof ServerUnavailableException) {
					logger.warn(() -> "BufferedGateway call failed: " + failure.getMessage());
				}
				throw failure;
			})
			.get();
	}

	private static RuntimeException failure(ErrorMessage error, String target) {
		Throwable cause = error.getPayload();
		if (NestedExceptionUtils.getMostSpecificCause(cause) instanceof IllegalArgumentException bad) {
			return bad; // the request itself was wrong (not encodable, see TextMessageMapper): not the server's fault
		}
		Message<?> request = (cause instanceof MessagingException messaging) ? messaging.getFailedMessage() : null;
		return new ServerUnavailableException(request, target, cause);
	}

}
