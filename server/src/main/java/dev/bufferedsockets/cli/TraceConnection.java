package dev.bufferedsockets.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

import dev.bufferedsockets.protocol.FrameDecoder;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.protocol.TruncatedFrameException;

/**
 * One client connection of {@code trace}: a connection to the target, and a pump each way that
 * reads what arrives, shows its frames ({@link FrameTrace}, fed by the protocol's decoder in its
 * scanning mode) and forwards the same bytes unchanged, in order, before reading more. A side that
 * closes its output is half-closed towards the other, so a client may still read its last replies.
 */
final class TraceConnection {

	/** Most bytes read (and forwarded) at once: all the proxy holds of a frame, however large. */
	private static final int READ_BYTES = 64 * 1024;

	private final int id;

	private final Socket client;

	private final InetSocketAddress target;

	private final HeaderFormat format;

	private final boolean hex;

	private final Duration connectTimeout;

	private final PrintStream out;

	TraceConnection(int id, Socket client, InetSocketAddress target, HeaderFormat format, boolean hex,
			Duration connectTimeout, PrintStream out) {
		this.id = id;
		this.client = client;
		this.target = target;
		this.format = format;
		this.hex = hex;
		this.connectTimeout = connectTimeout;
		this.out = out;
	}

	/** Forward until both sides have closed; on this thread and one more, named after the connection. */
	void run() {
		String from = this.client.getInetAddress().getHostAddress() + ":" + this.client.getPort();
		try (Socket client = this.client; Socket server = new Socket()) {
			try {
				server.setTcpNoDelay(true);
				server.connect(this.target, (int) this.connectTimeout.toMillis());
				client.setTcpNoDelay(true);
			}
			catch (IOException ex) {
				this.out.println("#" + this.id + " from " + from + ": cannot connect to " + describe(this.target) + ": "
						+ ex.getMessage() + "; closing the client's connection");
				return;
			}
			this.out.println("#" + this.id + " open: " + from + " -> " + describe(this.target));
			FrameTrace toServer = new FrameTrace(this.id, "client->server", this.format, this.hex, this.out);
			FrameTrace toClient = new FrameTrace(this.id, "server->client", this.format, this.hex, this.out);
			Thread replies = new Thread(() -> pump(server, client, toClient, "server"),
					"trace-" + this.id + "-server-to-client");
			replies.setDaemon(true);
			replies.start();
			pump(client, server, toServer, "client");
			join(replies);
			this.out.println("#" + this.id + " closed: client->server " + toServer.frames() + " frames, " + toServer.bytes()
					+ " bytes; server->client " + toClient.frames() + " frames, " + toClient.bytes() + " bytes");
		}
		catch (IOException ex) {
			this.out.println("#" + this.id + " failed: " + ex.getMessage());
		}
	}

	private void pump(Socket from, Socket to, FrameTrace trace, String side) {
		FrameDecoder frames = new FrameDecoder(this.format, 0);
		byte[] buffer = new byte[READ_BYTES];
		try {
			InputStream in = from.getInputStream();
			OutputStream forward = to.getOutputStream();
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				trace.nextRead(n);
				frames.scan(ByteBuffer.wrap(buffer, 0, n), trace);
				forward.write(buffer, 0, n);
				forward.flush();
			}
			endOfStream(frames, trace);
			this.out.println("#" + this.id + " the " + side + " closed its side");
			to.shutdownOutput();
		}
		catch (IOException | RuntimeException ex) {
			if (!from.isClosed()) {
				this.out.println("#" + this.id + " " + trace.direction() + ": " + ex + "; closing both sides");
			}
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private static void endOfStream(FrameDecoder frames, FrameTrace trace) {
		try {
			frames.endOfStream();
		}
		catch (TruncatedFrameException truncated) {
			trace.truncated(truncated);
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// unusable either way
		}
	}

	static String describe(InetSocketAddress address) {
		return address.getHostString() + ":" + address.getPort();
	}

}
