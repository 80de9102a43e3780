package dev.bufferedsockets.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * The reference servers the benchmark measures ours against: the same protocol in Netty, in two
 * {@linkplain Variant variants}, each with or without TLS ({@code SslHandler} on the JDK's provider,
 * the same TLS implementation our server uses). TCP_NODELAY on every connection, Netty's default
 * (adaptive, pooled) allocator. Lives in test scope: a yardstick, never shipped.
 *
 * <p>Run as its own JVM: {@code java -cp <test classpath> dev.bufferedsockets.bench.NettyTruncateServer
 * --port=N [--variant=usual|tuned] [--tls --key-store=server.p12 --key-store-password=...]}; it prints
 * {@code listening on 127.0.0.1:N (...)} once bound and runs until killed.
 */
public final class NettyTruncateServer implements AutoCloseable {

	/** The same limit as our server's default {@code buffered.server.max-message-bytes}. */
	static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

	/** How the protocol is written on Netty. */
	enum Variant {

		/**
		 * As Netty is usually written: {@link LengthFieldBasedFrameDecoder}, {@link LengthFieldPrepender},
		 * decode to a {@code String} ({@link NettyTruncateHandler}), the NIO transport.
		 */
		USUAL,

		/**
		 * As Netty's best users write it: one handler on the bytes, replies as slices of the request
		 * ({@link NettyTunedTruncateHandler}), the native epoll transport where it loads.
		 */
		TUNED;

		static Variant parse(String name) {
			return valueOf(name.toUpperCase(Locale.ROOT));
		}

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final EventLoopGroup boss;

	private final EventLoopGroup workers;

	private final Channel listener;

	private final String transport;

	private NettyTruncateServer(String host, int port, Variant variant, SslContext tls) throws InterruptedException {
		boolean epoll = variant == Variant.TUNED && Epoll.isAvailable();
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
		this.transport = epoll ? "epoll" : "nio";
		this.boss = new MultiThreadIoEventLoopGroup(1, io);
		this.workers = new MultiThreadIoEventLoopGroup(io);
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.boss, this.workers)
			.channel(channel)
			.option(ChannelOption.SO_BACKLOG, 1024)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel connection) {
					ChannelPipeline pipeline = connection.pipeline();
					if (tls != null) {
						pipeline.addLast(tls.newHandler(connection.alloc()));
					}
					if (variant == Variant.TUNED) {
						pipeline.addLast(new NettyTunedTruncateHandler());
					}
					else {
						pipeline.addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, 4, 0, 4))
							.addLast(new LengthFieldPrepender(4))
							.addLast(new NettyTruncateHandler());
					}
				}
			});
		try {
			this.listener = bootstrap.bind(host, port).sync().channel();
		}
		catch (InterruptedException | RuntimeException ex) {
			shutdown();
			throw ex;
		}
	}

	/** The usual variant, plain TCP. */
	public static NettyTruncateServer start(String host, int port) throws InterruptedException {
		return start(host, port, Variant.USUAL, null);
	}

	/** @param tls the server's TLS context ({@link #tls}), or null for plain TCP */
	static NettyTruncateServer start(String host, int port, Variant variant, SslContext tls)
			throws InterruptedException {
		return new NettyTruncateServer(host, port, variant, tls);
	}

	/** @return a server TLS context on the JDK provider with the key and certificate of a PKCS#12 key store */
	static SslContext tls(Path keyStore, String password) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			store.load(in, password.toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, password.toCharArray());
		try {
			return SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).build();
		}
		catch (SSLException ex) {
			throw new GeneralSecurityException("cannot build a TLS context from " + keyStore, ex);
		}
	}

	public int port() {
		return ((InetSocketAddress) this.listener.localAddress()).getPort();
	}

	/** @return "epoll" or "nio" */
	String transport() {
		return this.transport;
	}

	@Override
	public void close() {
		this.listener.close().syncUninterruptibly();
		shutdown();
	}

	private void shutdown() {
		// No quiet period: nothing is left to finish once the listener and its connections are closed.
		this.boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
		this.workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
	}

	public static void main(String[] args) throws Exception {
		int port = 0;
		String host = "127.0.0.1";
		Variant variant = Variant.USUAL;
		boolean tls = false;
		Path keyStore = null;
		String password = "";
		for (String arg : args) {
			String value = arg.substring(arg.indexOf('=') + 1);
			if (arg.startsWith("--port=")) {
				port = Integer.parseInt(value);
			}
			else if (arg.startsWith("--host=")) {
				host = value;
			}
			else if (arg.startsWith("--variant=")) {
				variant = Variant.parse(value);
			}
			else if (arg.equals("--tls")) {
				tls = true;
			}
			else if (arg.startsWith("--key-store=")) {
				keyStore = Path.of(value);
			}
			else if (arg.startsWith("--key-store-password=")) {
				password = value;
			}
			else {
				throw new IllegalArgumentException("unknown option " + arg);
			}
		}
		if (tls && keyStore == null) {
			throw new IllegalArgumentException("--tls needs --key-store=<PKCS#12 file> and --key-store-password=...");
		}
		NettyTruncateServer server = start(host, port, variant, tls ? tls(keyStore, password) : null);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.close();
			stopped.countDown();
		}));
		System.out.println("listening on " + host + ":" + server.port() + " (" + variant.label() + ", "
				+ server.transport() + (tls ? ", tls" : "") + ")");
		stopped.await();
	}

}
