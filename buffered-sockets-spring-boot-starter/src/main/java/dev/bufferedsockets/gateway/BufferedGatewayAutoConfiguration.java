package dev.bufferedsockets.gateway;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.log.LogAccessor;
import org.springframework.integration.context.IntegrationContextUtils;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.gateway.AnnotationGatewayProxyFactoryBean;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

/**
 * Auto-configuration of {@link BufferedGateway}, configured by {@code buffered.client.*}
 * ({@link BufferedClientProperties}): Spring Integration's messaging gateway in front of a
 * {@link PipelinedExchanger}, which pipelines calls on {@code pool-size} connections of a
 * {@code TcpNetClientConnectionFactory} using the protocol's frame codec. An application's own
 * {@code BufferedGateway} or {@code bufferedClientConnectionFactory} bean replaces ours. Requests are
 * encoded as strict UTF-8 (an unpaired surrogate is refused, not sent as '?') and replies come back as
 * text ({@link TextMessageMapper}). Connections open on first use, so an application that never calls
 * the gateway never connects. With Micrometer on the class path the gateway's status is published as
 * {@code buffered.client.*} meters ({@link GatewayMeters}).
 */
@AutoConfiguration(after = IntegrationAutoConfiguration.class)
@EnableConfigurationProperties(BufferedClientProperties.class)
public final class BufferedGatewayAutoConfiguration {

	private static final LogAccessor logger = new LogAccessor(BufferedGateway.class);

	static final String REQUEST_CHANNEL = "bufferedGateway.requests";

	static final String ASYNC_REQUEST_CHANNEL = "bufferedGateway.asyncRequests";

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

	@Bean(GatewayMessages.BEAN_NAME)
	static GatewayMessages bufferedGatewayRequestMapper() {
		return new GatewayMessages();
	}

	/**
	 * The connections: a new one for each of the gateway's slots ({@code singleUse}), each a
	 * {@link PipelinedConnection}, opened when first needed.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "bufferedClientConnectionFactory")
	AbstractClientConnectionFactory bufferedClientConnectionFactory(BufferedClientProperties properties,
			ObjectProvider<SslBundles> sslBundles, ApplicationEventPublisher events) {
		TcpNetClientConnectionFactory connections = new TcpNetClientConnectionFactory(properties.host(),
				properties.port());
		LengthHeaderSerializer serializer = new LengthHeaderSerializer(properties.frameCodec());
		connections.setSerializer(serializer);
		connections.setDeserializer(serializer);
		connections.setSingleUse(true);
		// No read timeout: the gateway closes a connection whose reply is late (PipelinedExchanger).
		connections.setSoTimeout(0);
		connections.setConnectTimeout((int) Math.max(1, properties.timeout().toSeconds()));
		connections.setMapper(new TextMessageMapper());
		connections.setTcpNetConnectionSupport((socket, server, lookupHost, publisher, factoryName) ->
				new PipelinedConnection(socket, publisher, factoryName, properties.bufferSize()));
		// Not a bean of its own, so nothing else hands it the publisher (without one it logs a
		// warning for every connection opened or closed instead of publishing the event).
		connections.setApplicationEventPublisher(events);
		connections.setSoTcpNoDelay(true);
		connections.setLookupHost(false);
		if (properties.hasSslBundle()) {
			SslBundle bundle = sslBundles.getObject().getBundle(properties.sslBundle());
			connections.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(bundle::createSslContext));
		}
		return connections;
	}

	@Bean
	PipelinedExchanger bufferedGatewayExchanger(AbstractClientConnectionFactory bufferedClientConnectionFactory,
			BufferedClientProperties properties, BeanFactory beanFactory) {
		return new PipelinedExchanger(bufferedClientConnectionFactory, properties,
				IntegrationContextUtils.getTaskScheduler(beanFactory));
	}

	@Bean
	IntegrationFlow bufferedGatewayFlow(PipelinedExchanger bufferedGatewayExchanger) {
		return IntegrationFlow.from(REQUEST_CHANNEL).handle(new ExchangeHandler(bufferedGatewayExchanger, true)).get();
	}

	@Bean
	IntegrationFlow bufferedGatewayAsyncFlow(PipelinedExchanger bufferedGatewayExchanger) {
		return IntegrationFlow.from(ASYNC_REQUEST_CHANNEL)
			.handle(new ExchangeHandler(bufferedGatewayExchanger, false))
			.get();
	}

	/**
	 * Whatever failed on the way, the caller gets one exception type that names the server and the
	 * reason. The exchanger reports its own failures (and logs each once); anything else that fails
	 * between the gateway and the exchanger is reported here.
	 */
	@Bean
	IntegrationFlow bufferedGatewayErrorFlow(BufferedClientProperties properties) {
		String target = properties.host() + ":" + properties.port();
		return IntegrationFlow.from(ERROR_CHANNEL)
			.handle(ErrorMessage.class, (error, headers) -> {
				throw failure(error, target);
			})
			.get();
	}

	private static RuntimeException failure(ErrorMessage error, String target) {
		Throwable cause = error.getPayload();
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof ServerUnavailableException reported) {
				return reported;
			}
			if (t instanceof IllegalArgumentException bad) {
				return bad; // the request itself was wrong (not encodable, see ExchangeHandler): not the server's fault
			}
		}
		Message<?> request = (cause instanceof MessagingException messaging) ? messaging.getFailedMessage() : null;
		ServerUnavailableException failure = new ServerUnavailableException(request, target, cause);
		logger.warn(() -> "BufferedGateway call failed: " + failure.getMessage());
		return failure;
	}

	/** The gateway's meters, in applications that have Micrometer. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class Meters {

		@Bean
		MeterBinder bufferedGatewayMeters(PipelinedExchanger bufferedGatewayExchanger) {
			return new GatewayMeters(bufferedGatewayExchanger.status());
		}

	}

}
