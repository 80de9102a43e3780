package dev.bufferedsockets.client;

import dev.bufferedsockets.protocol.LengthHeaderSerializer;
import dev.bufferedsockets.protocol.Utf8;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Transformers;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.CachingClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

/**
 * Wires {@link BufferedGateway}: requests go over a pool of TCP connections using the same frame
 * codec as the server; replies come back as text. Connections open on first use, so an
 * application that never calls the gateway never connects.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientProperties.class)
public class ClientGatewayConfiguration {

	static final String REQUEST_CHANNEL = "bufferedGateway.requests";

	static final String ERROR_CHANNEL = "bufferedGateway.errors";

	@Bean
	AbstractClientConnectionFactory bufferedClientConnectionFactory(ClientProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		TcpNetClientConnectionFactory connections = new TcpNetClientConnectionFactory(properties.host(),
				properties.port());
		LengthHeaderSerializer serializer = new LengthHeaderSerializer(properties.frameCodec());
		connections.setSerializer(serializer);
		connections.setDeserializer(serializer);
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
			ClientProperties properties) {
		return IntegrationFlow.from(REQUEST_CHANNEL)
			.transform(String.class, Utf8::encode) // strict, like BufferedClient: no silent '?'
			.handle(Tcp.outboundGateway(bufferedClientConnectionFactory)
				.remoteTimeout(properties.timeout().toMillis()))
			.transform(Transformers.objectToString())
			.get();
	}

	/**
	 * Whatever failed on the way (refused connection, empty pool, closed socket, timeout), the
	 * caller gets one exception type that names the server and the reason.
	 */
	@Bean
	IntegrationFlow bufferedGatewayErrorFlow(ClientProperties properties) {
		String target = properties.host() + ":" + properties.port();
		return IntegrationFlow.from(ERROR_CHANNEL)
			.handle(ErrorMessage.class, (error, headers) -> {
				throw failure(error, target);
			})
			.get();
	}

	private static RuntimeException failure(ErrorMessage error, String target) {
		Throwable cause = error.getPayload();
		if (cause instanceof MessagingException messaging && messaging.getCause() instanceof IllegalArgumentException bad) {
			return bad; // the request itself was wrong (not encodable): not the server's fault
		}
		Message<?> request = (cause instanceof MessagingException messaging) ? messaging.getFailedMessage() : null;
		return new ServerUnavailableException(request, target, cause);
	}

}
