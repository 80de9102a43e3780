package dev.bufferedsockets.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.protocol.Utf8;

/**
 * A blocking client with the original assignment's API: connect on construction, then
 * {@link #sendMessage}, {@link #receiveMessage} and {@link #shutdown}.
 *
 * <p>Sends and receives are independent, so a caller may pipeline: send several messages, then
 * receive their replies in order. A failure of the connection does not throw from
 * {@code sendMessage}; as in the assignment, it shows in the next {@code receiveMessage}, whose
 * {@code ok} is false. Using the client after {@code shutdown()} throws.
 *
 * <p>One thread may send while another receives; two threads must not send (or receive) at once.
 */
public class BufferedClient implements AutoCloseable {

	/** Largest reply accepted; a reply is never longer than its request, so this is generous. */
	public static final int DEFAULT_MAX_REPLY_BYTES = FrameCodec.MAX_PAYLOAD_BYTES;

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final String target;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final FrameCodec codec;

	private volatile boolean shutDown;

	private volatile IOException sendFailure;

	private volatile IOException receiveFailure;

	/**
	 * Connect to a server; wait for replies as long as it takes.
	 * @throws IOException if the server cannot be reached, with a message naming it
	 */
	public BufferedClient(String host, int port, int bufferSize) throws IOException {
		this(host, port, bufferSize, Duration.ZERO);
	}

	/**
	 * Connect to a server.
	 * @param replyTimeout how long {@link #receiveMessage()} waits for a reply; zero waits forever
	 * @throws IOException if the server cannot be reached, with a message naming it
	 */
	public BufferedClient(String host, int port, int bufferSize, Duration replyTimeout) throws IOException {
		this(host, port, bufferSize, replyTimeout, null);
	}

	/**
	 * Connect to a server, with TLS if {@code tls} is given: the handshake, including the check
	 * that the server's certificate names {@code host}, happens here.
	 * @param replyTimeout how long {@link #receiveMessage()} waits for a reply; zero waits forever
	 * @param tls the TLS context whose trust material checks the server, or null for plain TCP
	 * @throws IOException if the server cannot be reached or the handshake fails, naming the server
	 */
	public BufferedClient(String host, int port, int bufferSize, Duration replyTimeout, SSLContext tls)
			throws IOException {
		this(host, port, bufferSize, replyTimeout, tls, HeaderFormat.FOUR_BYTES);
	}

	/**
	 * Connect to a server whose frames have headers of {@code format}, with TLS if {@code tls} is given.
	 * @param replyTimeout how long {@link #receiveMessage()} waits for a reply; zero waits forever
	 * @param tls the TLS context whose trust material checks the server, or null for plain TCP
	 * @param format the frames' header size: 4 bytes, or the 2 of older course versions
	 * @throws IOException if the server cannot be reached or the handshake fails, naming the server
	 */
	public BufferedClient(String host, int port, int bufferSize, Duration replyTimeout, SSLContext tls,
			HeaderFormat format) throws IOException {
		this.codec = new FrameCodec(bufferSize, DEFAULT_MAX_REPLY_BYTES, null, format);
		this.target = host + ":" + port;
		Socket plain = new Socket();
		Socket connected = plain;
		try {
			plain.setTcpNoDelay(true);
			plain.setSoTimeout(Math.toIntExact(replyTimeout.toMillis()));
			plain.connect(new InetSocketAddress(host, port), Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
			if (tls != null) {
				connected = handshake(tls, plain, host, port);
			}
			this.in = connected.getInputStream();
			this.out = connected.getOutputStream();
		}
		catch (IOException | RuntimeException ex) {
			connected.close();
			plain.close();
			throw new IOException("cannot connect to " + this.target + ": " + describe(ex), ex);
		}
		this.socket = connected;
	}

	/**
	 * Send one message as a frame.
	 * @throws IllegalStateException if the client has been shut down
	 * @throws IllegalArgumentException if the message cannot be encoded (an unpaired surrogate) or is
	 * too long for the header (over 65,535 bytes with a 2-byte header); nothing is sent then
	 */
	public void sendMessage(String message) {
		checkNotShutDown();
		byte[] payload = Utf8.encode(message);
		if (this.sendFailure != null) {
			return;
		}
		try {
			this.codec.writeFrame(this.out, payload);
		}
		catch (IOException ex) {
			// Replies to earlier messages may still be readable, so only sending stops here.
			this.sendFailure = ex;
		}
	}

	/**
	 * Wait for the next reply.
	 * @return the reply with {@code ok} true, or an empty payload with {@code ok} false if the
	 * server closed or reset the connection, sent a malformed frame, or the reply timed out
	 * @throws IllegalStateException if the client has been shut down
	 */
	public ReceivedMessage receiveMessage() {
		checkNotShutDown();
		if (this.receiveFailure != null) {
			return ReceivedMessage.FAILED;
		}
		try {
			byte[] payload = this.codec.readFrame(this.in);
			if (payload == null) {
				return failed(new IOException("the server at " + this.target + " closed the connection"));
			}
			return new ReceivedMessage(new String(payload, StandardCharsets.UTF_8), true);
		}
		catch (IOException ex) {
			return failed(ex);
		}
	}

	/**
	 * Nothing more can be read, so close our side too: a server that is draining waits for its
	 * clients to close before it lets go of the connection.
	 */
	private ReceivedMessage failed(IOException failure) {
		this.receiveFailure = failure;
		closeSocket();
		return ReceivedMessage.FAILED;
	}

	/** @return why the connection failed (receiving first, then sending), or null while it works */
	public IOException failure() {
		IOException failure = this.receiveFailure;
		return (failure != null) ? failure : this.sendFailure;
	}

	/** @return the local port of this client's connection, as the server sees it */
	public int localPort() {
		return this.socket.getLocalPort();
	}

	/** @return host:port of the server */
	public String target() {
		return this.target;
	}

	/** Close the connection. Later sends and receives throw; calling this again does nothing. */
	public void shutdown() {
		this.shutDown = true;
		closeSocket();
	}

	@Override
	public void close() {
		shutdown();
	}

	private void closeSocket() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing is best effort: the socket is unusable either way
		}
	}

	private static SSLSocket handshake(SSLContext tls, Socket plain, String host, int port) throws IOException {
		SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
		SSLParameters parameters = secure.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
		secure.setSSLParameters(parameters);
		secure.startHandshake();
		return secure;
	}

	private void checkNotShutDown() {
		if (this.shutDown) {
			throw new IllegalStateException("client for " + this.target + " has been shut down");
		}
	}

	private static String describe(Exception ex) {
		String message = ex.getMessage();
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

}
