package dev.bufferedsockets.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.bufferedsockets.server.admission.ConnectionAdmission;
import dev.bufferedsockets.server.flow.FrameBatchMessageMapper;
import dev.bufferedsockets.server.flow.TruncationService;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.server.lifecycle.BufferedServerLifecycle;
import dev.bufferedsockets.server.lifecycle.RestartableListener;
import dev.bufferedsockets.server.transport.NioServerConnectionFactory;
import dev.bufferedsockets.server.transport.ServerTls;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.integration.ip.tcp.inbound.TcpInboundGateway;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The server's wiring: a listener, an inbound gateway that hands each batch of frames a connection
 * delivered to {@link TruncationService}, and writes the replies back on that connection.
 *
 * <p>Plain TCP and TLS ({@code buffered.server.ssl-bundle}) are served by one engine,
 * {@link NioServerConnectionFactory}: selector threads, a batch of frames per message, no thread and
 * no buffer per idle connection. Each connection's frames are read, handled and answered on one
 * thread at a time, so replies keep the order of their requests however deep a client pipelines.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerProperties.class)
public class ServerConfiguration {

	private static final Log logger = LogFactory.getLog(ServerConfiguration.class);

	/** Pending connections the OS queues for accept; Spring Integration's default of 5 drops bursts. */
	private static final int ACCEPT_BACKLOG = 1024;

	/**
	 * Threads for the accept loop. Ours rather than the
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
		NioServerConnectionFactory factory = new NioServerConnectionFactory(properties, admission, errors,
				properties.hasSslBundle() ? serverTls(properties, sslBundles.getObject()) : null,
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

	/** The bundle's TLS, swapped for the reloaded bundle whenever Boot reloads it (reload-on-update). */
	private static ServerTls serverTls(ServerProperties properties, SslBundles bundles) {
		String name = properties.sslBundle();
		ServerTls tls = new ServerTls(name, bundles.getBundle(name), properties.clientAuth());
		bundles.addBundleUpdateHandler(name, reloaded -> {
			tls.update(reloaded);
			logger.info("SSL bundle '" + name + "' reloaded: new TLS connections use it, open ones keep theirs");
		});
		return tls;
	}

	@Bean
	TcpInboundGateway tcpInboundGateway(AbstractServerConnectionFactory tcpServerConnectionFactory) {
		TcpInboundGateway gateway = new TcpInboundGateway();
		gateway.setConnectionFactory(tcpServerConnectionFactory);
		gateway.setRequestChannelName(TruncationService.REQUEST_CHANNEL);
		gateway.setAutoStartup(false); // BufferedServer decides when to listen
		return gateway;
	}

	/** The listener is a restartable listener; the bean is declared as the factory the gateway takes. */
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
