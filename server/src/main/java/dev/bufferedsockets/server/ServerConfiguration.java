package dev.bufferedsockets.server;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.bufferedsockets.gateway.LengthHeaderSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.integration.ip.tcp.inbound.TcpInboundGateway;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The server's wiring: a listener, an inbound gateway that hands each batch of frames a connection
 * delivered to {@link TruncationService}, and writes the replies back on that connection.
 *
 * <p>Plain TCP is served by {@link NioServerConnectionFactory}: selector threads, a batch of frames
 * per message, no thread and no buffer per idle connection. TLS ({@code buffered.server.ssl-bundle})
 * is served by {@link BlockingServerConnectionFactory}, a thread per connection reading through a
 * blocking {@code SSLSocket}. Either way each connection's frames are read, handled and answered on
 * one thread at a time, so replies keep the order of their requests however deep a client pipelines.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerProperties.class)
public class ServerConfiguration {

	/** Pending connections the OS queues for accept; Spring Integration's default of 5 drops bursts. */
	private static final int ACCEPT_BACKLOG = 1024;

	/**
	 * Threads for the accept loop (and, with TLS, one per connection). Ours rather than the
	 * factory's own, so that stopping the listener (keepRunning false) does not tear the pool down, a
	 * failed bind leaves no thread behind to keep the JVM alive, and threads have names that say what
	 * they are.
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
	AbstractServerConnectionFactory tcpServerConnectionFactory(ServerProperties properties,
			ConnectionTracker connectionTracker, ConnectionAdmission admission, ConnectionErrors errors,
			ExecutorService tcpServerExecutor, ObjectProvider<SslBundles> sslBundles) {
		AbstractServerConnectionFactory factory = properties.hasSslBundle()
				? blockingFactory(properties, admission, sslBundles.getObject().getBundle(properties.sslBundle()))
				: new NioServerConnectionFactory(properties, admission, errors,
						Runtime.getRuntime().availableProcessors());
		factory.setTaskExecutor(tcpServerExecutor);
		factory.setLocalAddress(properties.bindAddress());
		factory.setBacklog(ACCEPT_BACKLOG);
		factory.setSoTcpNoDelay(true); // replies are small writes; don't let Nagle hold them back
		factory.setLookupHost(false); // no reverse DNS per connection
		factory.setMapper(new FrameBatchMessageMapper());
		TcpConnectionInterceptorFactoryChain interceptors = new TcpConnectionInterceptorFactoryChain();
		interceptors.setInterceptor(connectionTracker);
		factory.setInterceptorFactoryChain(interceptors);
		return factory;
	}

	private static BlockingServerConnectionFactory blockingFactory(ServerProperties properties,
			ConnectionAdmission admission, SslBundle bundle) {
		BlockingServerConnectionFactory factory = new BlockingServerConnectionFactory(properties.port());
		factory.setSoKeepAlive(properties.hasKeepalive()); // the system's probe timings, unlike the NIO listener
		factory.setDeserializer(new LengthHeaderSerializer(properties.frameCodec(),
				properties.hasIdleTimeout() ? properties.idleTimeout() : null));
		factory.setSerializer(new FrameBatchSerializer(properties.frameCodec()));
		factory.setSoTimeout(readTimeoutMillis(properties));
		factory.setTcpNetConnectionSupport((socket, server, lookupHost, publisher, name) -> new BlockingServerConnection(
				socket, server, lookupHost, publisher, name, admission));
		factory.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(bundle::createSslContext));
		return factory;
	}

	/**
	 * Blocking sockets wake their reader at least this often, so the codec can enforce the frame
	 * timeout and the serializer the idle timeout; between frames a timeout alone closes nothing.
	 */
	private static int readTimeoutMillis(ServerProperties properties) {
		Duration tick = properties.hasIdleTimeout() && properties.idleTimeout().compareTo(properties.frameTimeout()) < 0
				? properties.idleTimeout() : properties.frameTimeout();
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, tick.toMillis()));
	}

	@Bean
	TcpInboundGateway tcpInboundGateway(AbstractServerConnectionFactory tcpServerConnectionFactory) {
		TcpInboundGateway gateway = new TcpInboundGateway();
		gateway.setConnectionFactory(tcpServerConnectionFactory);
		gateway.setRequestChannelName(TruncationService.REQUEST_CHANNEL);
		gateway.setAutoStartup(false); // BufferedServer decides when to listen
		return gateway;
	}

	/** Both listener factories are restartable listeners; the bean is declared as the factory the gateway takes. */
	@Bean
	BufferedServer bufferedServer(TcpInboundGateway tcpInboundGateway,
			AbstractServerConnectionFactory tcpServerConnectionFactory, ConnectionTracker connectionTracker,
			ServerProperties properties) {
		return new BufferedServer(tcpInboundGateway, (RestartableListener) tcpServerConnectionFactory,
				connectionTracker, properties);
	}

	@Bean
	BufferedServerLifecycle bufferedServerLifecycle(BufferedServer bufferedServer) {
		return new BufferedServerLifecycle(bufferedServer);
	}

}
