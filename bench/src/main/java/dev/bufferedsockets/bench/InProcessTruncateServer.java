package dev.bufferedsockets.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * The least a server of this protocol can do, on one thread inside the generator's JVM: it only
 * exists to measure the generator's own ceiling ({@code bench --in-process}), never to serve.
 *
 * <p>Every complete frame in a read is answered, into one buffer written once per read; it trusts
 * its input (no UTF-8 check, no limits beyond the 16 MiB frame), which is why it is not a server.
 */
public final class InProcessTruncateServer implements AutoCloseable {

	private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

	private static final int BUFFER_BYTES = 64 * 1024;

	private final ServerSocketChannel listener;

	private final Selector selector;

	private final Thread thread;

	private volatile boolean running = true;

	private final int truncateChars;

	private InProcessTruncateServer(int truncateChars) throws IOException {
		this.truncateChars = truncateChars;
		this.listener = ServerSocketChannel.open();
		this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
		this.listener.configureBlocking(false);
		this.selector = Selector.open();
		this.listener.register(this.selector, SelectionKey.OP_ACCEPT);
		this.thread = new Thread(this::serve, "bench-in-process-server");
		this.thread.setDaemon(true);
	}

	/** Listen on an ephemeral loopback port and start serving. */
	/** @param truncateChars code points to drop from each payload */
	public static InProcessTruncateServer start(int truncateChars) throws IOException {
		InProcessTruncateServer server = new InProcessTruncateServer(truncateChars);
		server.thread.start();
		return server;
	}

	public int port() {
		return this.listener.socket().getLocalPort();
	}

	/** @return CPU time of the serving thread so far, in nanoseconds */
	public long cpuNanos() {
		return ManagementFactory.getThreadMXBean().getThreadCpuTime(this.thread.getId());
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.selector.wakeup();
		this.thread.join(10_000);
	}

	private void serve() {
		try (this.selector; this.listener) {
			while (this.running) {
				this.selector.select(100);
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					try {
						handle(key);
					}
					catch (IOException ex) {
						key.cancel();
						key.channel().close();
					}
				}
			}
			for (SelectionKey key : this.selector.keys()) {
				key.channel().close();
			}
		}
		catch (IOException ex) {
			// the generator sees its connections fail and reports it
		}
	}

	private void handle(SelectionKey key) throws IOException {
		if (key.isAcceptable()) {
			SocketChannel channel = this.listener.accept();
			if (channel != null) {
				channel.configureBlocking(false);
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				channel.register(this.selector, SelectionKey.OP_READ, new Peer());
			}
			return;
		}
		Peer peer = (Peer) key.attachment();
		SocketChannel channel = (SocketChannel) key.channel();
		if (key.isReadable()) {
			if (channel.read(peer.in) < 0) {
				throw new IOException("closed by the client");
			}
			peer.answerCompleteFrames();
		}
		peer.out.flip();
		channel.write(peer.out);
		peer.out.compact();
		// While replies wait for the socket, read no more: the client's own pipeline is the limit.
		key.interestOps((peer.out.position() > 0) ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
	}

	/** One client's unparsed input and unsent replies. */
	private final class Peer {

		private ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES);

		private ByteBuffer out = ByteBuffer.allocate(BUFFER_BYTES);

		void answerCompleteFrames() throws IOException {
			this.in.flip();
			while (this.in.remaining() >= 4) {
				int length = this.in.getInt(this.in.position());
				if (length < 0 || length > MAX_FRAME_BYTES) {
					throw new IOException("frame of " + Integer.toUnsignedString(length) + " bytes");
				}
				if (this.in.remaining() < 4 + length) {
					if (this.in.capacity() < 4 + length) {
						this.in = ByteBuffer.allocate(4 + length).put(this.in).flip();
					}
					break;
				}
				int start = this.in.position() + 4;
				int skip = bytesOfFirstCodePoints(this.in.array(), start, length, InProcessTruncateServer.this.truncateChars);
				int reply = length - skip;
				if (this.out.remaining() < 4 + reply) {
					this.out = ByteBuffer.allocate(Math.max(2 * this.out.capacity(), this.out.position() + 4 + reply))
						.put(this.out.flip());
				}
				this.out.putInt(reply).put(this.in.array(), start + skip, reply);
				this.in.position(start + length);
			}
			this.in.compact();
		}

		private static int bytesOfFirstCodePoints(byte[] utf8, int from, int length, int codePoints) {
			int offset = 0;
			for (int i = 0; i < codePoints && offset < length; i++) {
				int lead = utf8[from + offset] & 0xFF;
				offset += (lead < 0x80) ? 1 : (lead < 0xE0) ? 2 : (lead < 0xF0) ? 3 : 4;
			}
			return Math.min(offset, length);
		}

	}

}
