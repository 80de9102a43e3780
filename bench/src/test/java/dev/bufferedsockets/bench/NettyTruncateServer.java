package dev.bufferedsockets.bench;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * The reference server the benchmark measures ours against: the same protocol done the way a
 * Netty user would, with Netty's own length-field codecs and its NIO transport, TCP_NODELAY on
 * every connection and its default (adaptive, pooled) allocator. Lives in test scope: it is a
 * yardstick, never shipped.
 *
 * <p>Run as its own JVM: {@code java -cp <test classpath> dev.bufferedsockets.bench.NettyTruncateServer
 * --port=N}; it prints {@code listening on 127.0.0.1:N} once bound and runs until killed.
 */
public final class NettyTruncateServer implements AutoCloseable {

	/** The same limit as our server's default {@code buffered.server.max-message-bytes}. */
	static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

	private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());

	private final Channel listener;

	private NettyTruncateServer(String host, int port) throws InterruptedException {
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.boss, this.workers)
			.channel(NioServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, 1024)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline()
						.addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, 4, 0, 4))
						.addLast(new LengthFieldPrepender(4))
						.addLast(new NettyTruncateHandler());
				}
			});
		this.listener = bootstrap.bind(host, port).sync().channel();
	}

	public static NettyTruncateServer start(String host, int port) throws InterruptedException {
		return new NettyTruncateServer(host, port);
	}

	public int port() {
		return ((InetSocketAddress) this.listener.localAddress()).getPort();
	}

	@Override
	public void close() {
		this.listener.close().syncUninterruptibly();
		// No quiet period: nothing is left to finish once the listener and its connections are closed.
		this.boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
		this.workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
	}

	public static void main(String[] args) throws InterruptedException {
		int port = 0;
		String host = "127.0.0.1";
		for (String arg : args) {
			if (arg.startsWith("--port=")) {
				port = Integer.parseInt(arg.substring("--port=".length()));
			}
			else if (arg.startsWith("--host=")) {
				host = arg.substring("--host=".length());
			}
		}
		NettyTruncateServer server = start(host, port);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.close();
			stopped.countDown();
		}));
		System.out.println("listening on " + host + ":" + server.port());
		stopped.await();
	}

}
