package dev.bufferedsockets.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A server written in a test, on a free loopback port, that handles each connection with a script:
 * the stand-in for someone else's (possibly wrong) implementation of the protocol. {@link #close()}
 * closes the listener and every connection and waits for its threads.
 */
public final class ScriptedServer implements AutoCloseable {

	private final ServerSocket listener;

	private final List<Socket> connections = new CopyOnWriteArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private ScriptedServer(Script script) throws IOException {
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.submit(() -> {
			while (!this.listener.isClosed()) {
				Socket socket;
				try {
					socket = this.listener.accept();
				}
				catch (IOException closed) {
					return;
				}
				this.connections.add(socket);
				this.threads.submit(() -> {
					try (socket) {
						script.talk(socket);
					}
					catch (IOException ex) {
						// the client went away, or the test is over
					}
				});
			}
		});
	}

	/** Start a server that handles each connection with {@code script}, then closes it. */
	public static ScriptedServer start(Script script) throws IOException {
		return new ScriptedServer(script);
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.listener.close();
		for (Socket connection : this.connections) {
			connection.close();
		}
		this.threads.shutdownNow();
		if (!this.threads.awaitTermination(30, TimeUnit.SECONDS)) {
			throw new AssertionError("a scripted server's threads did not stop");
		}
	}

	/** What the server does with one connection. */
	@FunctionalInterface
	public interface Script {

		void talk(Socket socket) throws IOException;

	}

}
