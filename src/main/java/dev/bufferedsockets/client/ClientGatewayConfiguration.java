package dev.bufferedsockets.client;

import dev.bufferedsockets.protocol.LengthHeaderSerializer;
import dev.bufferedsockets.protocol.Utf8;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Transformers;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.CachingClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;

/**
 * Wires {@link BufferedGateway}: requests go over a pool of TCP connections using the same frame
 * codec as the server; replies come back as text. Connections open on first use, so an
 * application that never calls the gateway never connects.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientProperties.class)
public class ClientGatewayConfiguration {

	static final String REQUEST_CHANNEL = "bufferedGateway.requests";

	@Bean
	AbstractClientConnectionFactory bufferedClientConnectionFactory(ClientProperties properties) {
		TcpNetClientConnectionFactory connections = new TcpNetClientConnectionFactory(properties.host(),
				properties.port());
		LengthHeaderSerializer serializer = new LengthHeaderSerializer(properties.frameCodec());
		connections.setSerializer(serializer);
		connections.setDeserializer(serializer);
		connections.setSoTcpNoDelay(true);
		connections.setLookupHost(false);
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

}
