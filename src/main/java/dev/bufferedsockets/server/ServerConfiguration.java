package dev.bufferedsockets.server;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.bufferedsockets.protocol.LengthHeaderSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.integration.ip.tcp.inbound.TcpInboundGateway;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The server's wiring: a thread-per-connection listener using the frame codec, an inbound
 * gateway that hands each batch of payloads to {@link TruncationService} and writes the replies back.
 *
 * <p>Thread-per-connection is deliberate: each connection's frames are read, handled and
 * answered on one thread, so replies keep the order of their requests however deep a client
 * pipelines. (Spring Integration's NIO factory may assemble a connection's frames on several
 * threads at once, and then replies can overtake each other.)
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerProperties.class)
public class ServerConfiguration {

	/** Pending connections the OS queues for accept; Spring Integration's default of 5 drops bursts. */
	private static final int ACCEPT_BACKLOG = 1024;

	/**
	 * Threads for the accept loop and one per connection. Ours rather than the factory's own, so
	 * that stopping the listener (keepRunning false) does not tear the pool down, a failed bind
	 * leaves no thread behind to keep the JVM alive, and threads have names that say what they are.
	 */
	@Bean(destroyMethod = "shutdown")
	ExecutorService tcpServerExecutor() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("tcp-server-");
		threads.setDaemon(true);
		return Executors.newCachedThreadPool(threads);
	}

	@Bean
	TruncationService truncationService(ServerProperties properties) {
		return new TruncationService(properties.truncateChars());
	}

	@Bean
	ConnectionAdmission connectionAdmission(ServerProperties properties, ConnectionErrors errors) {
		return new ConnectionAdmission(properties, errors);
	}

	@Bean
	RestartableServerConnectionFactory tcpServerConnectionFactory(ServerProperties properties,
			ConnectionTracker connectionTracker, ConnectionAdmission admission, ExecutorService tcpServerExecutor,
			ObjectProvider<SslBundles> sslBundles) {
		RestartableServerConnectionFactory factory = new RestartableServerConnectionFactory(properties.port());
		factory.setTaskExecutor(tcpServerExecutor);
		factory.setLocalAddress(properties.bindAddress());
		factory.setBacklog(ACCEPT_BACKLOG);
		LengthHeaderSerializer serializer = new LengthHeaderSerializer(properties.frameCodec(),
				properties.hasIdleTimeout() ? properties.idleTimeout() : null);
		factory.setSerializer(new FrameBatchSerializer(properties.frameCodec()));
		factory.setDeserializer(serializer);
		factory.setMapper(new FrameBatchMessageMapper()); // a batch of one frame per message, lean headers
		factory.setSoTimeout(readTimeoutMillis(properties));
		factory.setSoTcpNoDelay(true); // replies are small writes; don't let Nagle hold them back
		factory.setLookupHost(false); // no reverse DNS per connection
		factory.setTcpNetConnectionSupport((socket, server, lookupHost, publisher, name) -> new ServerConnection(
				socket, server, lookupHost, publisher, name, admission));
		if (properties.hasSslBundle()) {
			SslBundle bundle = sslBundles.getObject().getBundle(properties.sslBundle());
			factory.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(bundle::createSslContext));
		}
		TcpConnectionInterceptorFactoryChain interceptors = new TcpConnectionInterceptorFactoryChain();
		interceptors.setInterceptor(connectionTracker);
		factory.setInterceptorFactoryChain(interceptors);
		return factory;
	}

	@Bean
	TcpInboundGateway tcpInboundGateway(RestartableServerConnectionFactory tcpServerConnectionFactory) {
		TcpInboundGateway gateway = new TcpInboundGateway();
		gateway.setConnectionFactory(tcpServerConnectionFactory);
		gateway.setRequestChannelName(TruncationService.REQUEST_CHANNEL);
		gateway.setAutoStartup(false); // BufferedServer decides when to listen
		return gateway;
	}

	@Bean
	BufferedServer bufferedServer(TcpInboundGateway tcpInboundGateway,
			RestartableServerConnectionFactory tcpServerConnectionFactory, ConnectionTracker connectionTracker,
			ServerProperties properties) {
		return new BufferedServer(tcpInboundGateway, tcpServerConnectionFactory, connectionTracker, properties);
	}

	/**
	 * Sockets wake their reader at least this often, so the codec can enforce the frame timeout and
	 * the serializer the idle timeout; between frames a timeout alone closes nothing.
	 */
	private static int readTimeoutMillis(ServerProperties properties) {
		Duration tick = properties.hasIdleTimeout() && properties.idleTimeout().compareTo(properties.frameTimeout()) < 0
				? properties.idleTimeout() : properties.frameTimeout();
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, tick.toMillis()));
	}

	@Bean
	BufferedServerLifecycle bufferedServerLifecycle(BufferedServer bufferedServer) {
		return new BufferedServerLifecycle(bufferedServer);
	}

}
