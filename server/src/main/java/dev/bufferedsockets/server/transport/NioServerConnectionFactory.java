package dev.bufferedsockets.server.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.server.ConnectionErrors;
import dev.bufferedsockets.server.ServerProperties;
import dev.bufferedsockets.server.admission.ConnectionAdmission;
import dev.bufferedsockets.server.lifecycle.RestartableListener;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

/**
 * The listener, plain TCP or TLS: one accept thread and a fixed set of {@link IoLoop} selector
 * threads (one per processor), so an idle connection costs a selection key and a few objects
 * (with TLS, its engine and session), never a thread or a buffer. TLS is one layer more on the
 * same path ({@link ServerTls}, {@link TlsTransport}): framing, batching, timeouts, admission,
 * backpressure and drain are the same code either way. Restartable as {@link RestartableListener}
 * describes.
 *
 * <p>It plugs into Spring Integration where the framework's own factories do: the inbound gateway
 * listens to its connections and sends replies through them, the interceptor chain wraps each
 * one, and connection open, close and exception events are published as usual. (The framework's
 * own NIO factory is not used: it keeps a 60 KiB buffer per connection, passes bytes to assembler
 * threads through a blocking stream, and may handle one connection's frames on several threads at
 * once, which reorders replies.)
 *
 * <p>Arriving connections are admitted or refused by {@link ConnectionAdmission} on the accept
 * thread, before a byte is read, then handed to the loops in turn. A failing {@code accept()}
 * (out of file descriptors) never ends the listener: {@link AcceptOutage} refuses and counts
 * until it works again; only a closed server socket ends the loop.
 */
public class NioServerConnectionFactory extends AbstractServerConnectionFactory implements RestartableListener {

	private final ListenerState state = new ListenerState();

	private final ConnectionAdmission admission;

	private final AcceptOutage outage;

	private final TcpKeepalive keepalive;

	private final ConnectionTimeouts timeouts;

	private final int bufferSize;

	private final HeaderFormat headerFormat;

	private final int maxPayloadBytes;

	private final int ioThreads;

	/** Null for plain TCP. */
	private final ServerTls tls;

	private final AtomicInteger nextLoop = new AtomicInteger();

	private volatile IoLoop[] loops = new IoLoop[0];

	private volatile ServerSocketChannel serverChannel;

	public NioServerConnectionFactory(ServerProperties properties, ConnectionAdmission admission, ConnectionErrors errors,
			ServerTls tls, int ioThreads) {
		super(properties.port());
		this.admission = admission;
		this.outage = new AcceptOutage(errors);
		this.keepalive = new TcpKeepalive(properties.keepalive());
		this.timeouts = ConnectionTimeouts.of(properties);
		this.bufferSize = properties.bufferSize();
		this.headerFormat = properties.headerFormat();
		this.maxPayloadBytes = properties.maxMessageBytes();
		this.ioThreads = ioThreads;
		this.tls = tls;
	}

	@Override
	public String getComponentType() {
		return "nio-server-connection-factory";
	}

	@Override
	public int getPort() {
		return this.state.port(super.getPort());
	}

	@Override
	public SocketAddress getServerSocketAddress() {
		ServerSocketChannel channel = this.serverChannel;
		try {
			return (channel != null) ? channel.getLocalAddress() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	@Override
	public String acceptFailure() {
		return this.outage.failure();
	}

	@Override
	public void permitListening(boolean permitted) {
		this.state.permitListening(permitted);
	}

	@Override
	public void start() {
		if (!this.state.isListeningPermitted()) {
			return;
		}
		this.lifecycleMonitor.lock();
		try {
			if (!isActive()) {
				startLoops();
			}
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
		super.start();
	}

	@Override
	public void run() {
		this.state.runAcceptLoop(this::listenAndAccept);
	}

	@Override
	public void stop() {
		closeServerChannel();
		super.stop(); // closes every connection
		stopLoops();
	}

	@Override
	public void stopAccepting(Duration timeout) throws InterruptedException {
		closeServerChannel();
		awaitAcceptLoopExit(timeout);
	}

	@Override
	public boolean awaitAcceptLoopExit(Duration timeout) throws InterruptedException {
		return this.state.awaitAcceptLoopExit(timeout);
	}

	/** Forget a connection that closed: it must not linger in this factory's or the gateway's map. */
	void closed(NioServerConnection connection) {
		this.admission.release();
		TcpConnectionSupport registered = this.connections.remove(connection.getConnectionId());
		if (registered instanceof TcpConnectionInterceptorSupport interceptor) {
			interceptor.removeDeadConnection(interceptor);
		}
		else if (registered != null) {
			registered.getSenders().forEach(sender -> sender.removeDeadConnection(registered));
		}
	}

	private void listenAndAccept() {
		if (getListener() == null) {
			logger.info(() -> this + " has no listener; not listening");
			return;
		}
		ServerSocketChannel channel = null;
		try {
			channel = bind();
			setListening(true);
			publishServerListeningEvent(getPort());
			this.outage.reserve();
			while (isActive()) {
				SocketChannel accepted;
				try {
					accepted = channel.accept();
				}
				catch (ClosedChannelException closed) {
					throw closed;
				}
				catch (IOException ex) {
					this.outage.failed(ex, channel, getPort()); // out of descriptors: the listener stays
					continue;
				}
				this.outage.recovered(getPort());
				accept(accepted);
			}
		}
		catch (ClosedChannelException ex) {
			logger.info(() -> this + " stopped listening"); // closed on purpose: stop or stopAccepting
		}
		catch (IOException ex) {
			if (isActive()) {
				logger.error(ex, "Error on the listening socket; port = " + getPort());
				publishServerExceptionEvent(ex);
				stop();
			}
		}
		finally {
			this.outage.release();
			setListening(false);
			setActive(false);
			closeQuietly(channel);
		}
	}

	/** A blocking accept thread of its own: accepting never waits behind reads, however busy the loops are. */
	private ServerSocketChannel bind() throws IOException {
		ServerSocketChannel channel = ServerSocketChannel.open();
		this.serverChannel = channel;
		channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
		String localAddress = getLocalAddress();
		InetAddress nic = (localAddress != null) ? InetAddress.getByName(localAddress) : null;
		channel.bind(new InetSocketAddress(nic, this.state.portToBind(super.getPort())), getBacklog());
		this.state.bound(((InetSocketAddress) channel.getLocalAddress()).getPort());
		return channel;
	}

	private void accept(SocketChannel channel) {
		InetSocketAddress peer;
		try {
			peer = (InetSocketAddress) channel.getRemoteAddress();
		}
		catch (IOException ex) {
			closeQuietly(channel); // gone before we looked
			return;
		}
		if (isShuttingDown()) {
			closeQuietly(channel);
			return;
		}
		ConnectionAdmission.Refusal refusal = this.admission.admit(peer.getAddress());
		if (refusal != null) {
			this.admission.refused(refusal, peer);
			closeQuietly(channel);
			return;
		}
		NioServerConnection connection = null;
		try {
			channel.configureBlocking(false);
			setSocketAttributes(channel.socket());
			this.keepalive.apply(channel);
			IoLoop loop = this.loops[Math.floorMod(this.nextLoop.getAndIncrement(), this.loops.length)];
			ConnectionTransport transport = (this.tls != null) ? this.tls.over(channel) : ConnectionTransport.plain(channel);
			connection = new NioServerConnection(transport, loop, this, this.timeouts, this.headerFormat, this.maxPayloadBytes,
					getApplicationEventPublisher());
			TcpConnectionSupport wrapped = wrapConnection(connection);
			initializeConnection(wrapped, channel.socket());
			connection.published();
			loop.register(connection);
		}
		catch (IOException | RuntimeException ex) {
			logger.error(ex, "Failed to set up the connection from " + peer);
			if (connection != null) {
				connection.close(); // releases its admission
			}
			else {
				closeQuietly(channel);
				this.admission.release();
			}
		}
	}

	private void startLoops() {
		IoLoop[] started = new IoLoop[this.ioThreads];
		try {
			for (int i = 0; i < started.length; i++) {
				started[i] = new IoLoop("tcp-server-io-" + (i + 1), this.bufferSize, this.tls == null,
						this.timeouts.checkIntervalNanos());
				started[i].start();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot open a selector", ex);
		}
		this.loops = started;
	}

	private void stopLoops() {
		IoLoop[] stopping = this.loops;
		this.loops = new IoLoop[0];
		try {
			for (IoLoop loop : stopping) {
				loop.stop(Duration.ofSeconds(10).toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void closeServerChannel() {
		closeQuietly(this.serverChannel);
	}

	private static void closeQuietly(Channel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// unusable either way
			}
		}
	}

}
