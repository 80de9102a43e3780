package dev.bufferedsockets.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens many connections that send nothing, measures what they cost the server in resident
 * memory and threads, then checks every one of them is still served (one request and its verified
 * reply each). Over TLS each connection completes its handshake before it goes idle, so the
 * server holds a whole TLS session per connection.
 */
final class IdleConnectionsProbe {

	private static final int TIMEOUT_MILLIS = 10_000;

	/** Let the server finish accepting and settle before reading its memory. */
	private static final long SETTLE_MILLIS = 2_000;

	/** Bounds each phase (opening, serving), whatever state the server is in. */
	private static final long PHASE_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(2);

	/**
	 * @param server the server's name
	 * @param requested connections asked for
	 * @param opened connections that were accepted
	 * @param connectMillis how long opening them all took, one after another
	 * @param residentBeforeKib server RSS before
	 * @param residentAfterKib server RSS with every connection open and idle; -1 if it died
	 * @param threadsBefore server threads before
	 * @param threadsAfter server threads with every connection open and idle; -1 if it died
	 * @param served connections that then got the right reply to one request
	 * @param errors the first failures, word for word
	 */
	record Result(String server, int requested, int opened, long connectMillis, long residentBeforeKib,
			long residentAfterKib, int threadsBefore, int threadsAfter, int served, List<String> errors) {

		long growthKib() {
			return this.residentAfterKib - this.residentBeforeKib;
		}

	}

	private IdleConnectionsProbe() {
	}

	/** @param tls the client side of TLS, or null for plain TCP */
	static Result run(BenchServer server, int count, BenchTls tls) throws IOException, InterruptedException {
		RequestStream requests = RequestStream.generate(64, PayloadText.ASCII, 10);
		byte[] frame = new byte[requests.frameBytes()];
		requests.newView().get(frame);
		byte[] expected = requests.expectedReply(0);
		List<String> errors = new ArrayList<>();
		try (Socket first = open(server.port(), tls, errors)) {
			exchange(first, frame, expected); // lazy setup of the first connection is not what idle ones cost
		}
		Thread.sleep(SETTLE_MILLIS);
		long before = server.residentKib();
		int threadsBefore = server.threads();
		List<Socket> sockets = new ArrayList<>(count);
		try {
			long start = System.nanoTime();
			for (int i = 0; i < count && server.isAlive() && System.nanoTime() - start < PHASE_LIMIT_NANOS; i++) {
				Socket socket = open(server.port(), tls, errors);
				if (socket != null) {
					sockets.add(socket);
				}
			}
			long connectMillis = (System.nanoTime() - start) / 1_000_000;
			Thread.sleep(SETTLE_MILLIS);
			if (!server.isAlive()) {
				errors.add(0, "the server process died while connections were opened; see its log");
				return new Result(server.name(), count, sockets.size(), connectMillis, before, -1, threadsBefore, -1, 0,
						errors);
			}
			long after = server.residentKib();
			int threadsAfter = server.threads();
			int served = 0;
			long serving = System.nanoTime();
			for (Socket socket : sockets) {
				if (!server.isAlive() || System.nanoTime() - serving > PHASE_LIMIT_NANOS) {
					errors.add("gave up serving: " + (server.isAlive() ? "over " + PHASE_LIMIT_NANOS / 1_000_000_000
							+ " s" : "the server process died"));
					break;
				}
				String error = exchange(socket, frame, expected);
				if (error == null) {
					served++;
				}
				else if (errors.size() < 10) {
					errors.add(error);
				}
			}
			return new Result(server.name(), count, sockets.size(), connectMillis, before, after, threadsBefore,
					threadsAfter, served, errors);
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	/** @return a connected socket, over TLS with its handshake done; null if that failed */
	private static Socket open(int port, BenchTls tls, List<String> errors) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
			return (tls != null) ? tls.handshake(socket, port) : socket;
		}
		catch (IOException ex) {
			socket.close();
			if (errors.size() < 10) {
				errors.add("connect: " + ex.getMessage());
			}
			return null;
		}
	}

	/** @return null if the reply was right, else what went wrong */
	private static String exchange(Socket socket, byte[] frame, byte[] expected) {
		if (socket == null) {
			return "not connected";
		}
		try {
			OutputStream out = socket.getOutputStream();
			out.write(frame);
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(4 + expected.length);
			byte[] wanted = ByteBuffer.allocate(4 + expected.length).putInt(expected.length).put(expected).array();
			return Arrays.equals(reply, wanted) ? null : "wrong reply on port " + socket.getLocalPort();
		}
		catch (IOException ex) {
			return "exchange on port " + socket.getLocalPort() + ": " + ex.getMessage();
		}
	}

}
