package dev.bufferedsockets.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.testing.Texts;

/**
 * A server written in a test, on a free loopback port: the stand-in for someone else's (possibly
 * wrong) implementation of the protocol, or for a server that misbehaves on purpose. Every
 * connection it accepts is handed, on a thread of its own, to a script, which reads frames (or raw
 * bytes from {@link Connection#socket()}), answers them or not, and may close early; the connection
 * is closed when the script returns. It counts connections and every request read through
 * {@link Connection#read()}, by text, so a test can tell which calls were sent twice.
 * {@link #close()} closes the listener and every socket and waits for the threads.
 */
public final class ScriptedServer implements AutoCloseable {

	/** What the server does with one connection; {@code number} counts connections from 1. */
	@FunctionalInterface
	public interface Script {

		void run(Connection connection, int number) throws Exception;

	}

	private final FrameCodec codec = new FrameCodec(1024, 1 << 20);

	private final ServerSocket listener;

	private final List<Socket> accepted = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

	private final AtomicInteger closedByClient = new AtomicInteger();

	private ScriptedServer(int port, Script script) throws IOException {
		this.listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
		start("scripted-server", () -> {
			int number = 0;
			while (!this.listener.isClosed()) {
				Socket socket;
				try {
					socket = this.listener.accept();
				}
				catch (IOException closed) {
					return;
				}
				int connection = ++number;
				synchronized (this.accepted) {
					this.accepted.add(socket);
				}
				start("scripted-connection-" + connection, () -> {
					try (socket) {
						script.run(new Connection(socket), connection);
					}
					catch (Exception closed) {
						// the test or the client closed it
					}
				});
			}
		});
	}

	public static ScriptedServer start(Script script) throws IOException {
		return new ScriptedServer(0, script);
	}

	/** A server on {@code port}: one a client was already told of, that comes up late. */
	public static ScriptedServer start(int port, Script script) throws IOException {
		return new ScriptedServer(port, script);
	}

	/** A server that answers every frame, as the real one does (10 code points dropped). */
	public static Script answering() {
		return (connection, number) -> {
			for (String request = connection.read(); request != null; request = connection.read()) {
				connection.answer(request);
			}
		};
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	/** @return connections accepted so far */
	public int connections() {
		synchronized (this.accepted) {
			return this.accepted.size();
		}
	}

	/** @return how many times a request with this text arrived, on any connection */
	public int timesReceived(String request) {
		AtomicInteger count = this.received.get(request);
		return (count != null) ? count.get() : 0;
	}

	/** @return connections whose client hung up while the script waited for it ({@link Connection#awaitClientClose}) */
	public int closedByClient() {
		return this.closedByClient.get();
	}

	/** Stop accepting: later connections are refused. Open ones stay as they are. */
	public void stopListening() throws IOException {
		this.listener.close();
	}

	@Override
	public void close() throws Exception {
		this.listener.close();
		synchronized (this.accepted) {
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}
		for (Thread thread : this.threads) {
			thread.join(10_000);
			if (thread.isAlive()) {
				throw new AssertionError(thread.getName() + " did not end");
			}
		}
	}

	private void start(String name, Runnable work) {
		Thread thread = new Thread(work, name);
		thread.setDaemon(true);
		synchronized (this.threads) {
			this.threads.add(thread);
		}
		thread.start();
	}

	/** One accepted connection, as its script sees it. */
	public final class Connection {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		Connection(Socket socket) throws IOException {
			this.socket = socket;
			this.in = socket.getInputStream();
			this.out = socket.getOutputStream();
		}

		/** @return the next request's text, counted as received; null at the client's end of stream */
		public String read() throws IOException {
			byte[] frame = ScriptedServer.this.codec.readFrame(this.in);
			if (frame == null) {
				return null;
			}
			String request = new String(frame, StandardCharsets.UTF_8);
			ScriptedServer.this.received.computeIfAbsent(request, key -> new AtomicInteger()).incrementAndGet();
			return request;
		}

		/** Send the reply the real server would send to {@code request}. */
		public void answer(String request) throws IOException {
			this.out.write(FrameEncoder.DEFAULT.encode(Texts.dropCodePoints(request, 10).getBytes(StandardCharsets.UTF_8)));
			this.out.flush();
		}

		/** Wait until the client closes or resets the connection, reading (and counting) whatever it sends first. */
		public void awaitClientClose() {
			try {
				while (read() != null) {
					// requests the script does not answer
				}
			}
			catch (IOException reset) {
				// a close with replies unread, or the test's own teardown
			}
			ScriptedServer.this.closedByClient.incrementAndGet();
		}

		/** @return the socket itself, for a script that speaks bytes rather than frames */
		public Socket socket() {
			return this.socket;
		}

		public void close() throws IOException {
			this.socket.close();
		}

	}

}
