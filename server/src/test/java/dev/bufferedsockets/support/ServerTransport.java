package dev.bufferedsockets.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.test.TestCertificates;
import dev.bufferedsockets.testing.RawConnection;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The transport a server behaviour test runs on: plain TCP, or TLS with {@link TestCertificates}
 * on both sides. A suite written against one of these opens every client connection through it,
 * so the same cases run on both; a {@link ServerTest} class gets the server's side from
 * {@link OnTls} (or from nothing, for plain TCP), or from {@link #properties()} for an application
 * it starts itself.
 */
public enum ServerTransport {

	/** Plain TCP to 127.0.0.1. */
	PLAIN("127.0.0.1"),

	/** TLS to localhost, the name the test certificate carries; the handshake is done on connecting. */
	TLS("localhost");

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/** Bounds a test waiting for the server to answer or close; the server should do either far sooner. */
	private static final Duration REPLY_LIMIT = Duration.ofSeconds(20);

	private final String host;

	ServerTransport(String host) {
		this.host = host;
	}

	/** @return the host clients connect to: an address the server listens on, or a name its certificate carries */
	public String host() {
		return this.host;
	}

	/** @return the client's TLS context, trusting exactly the test certificate; null on plain TCP */
	public SSLContext clientContext() {
		return (this == TLS) ? TrustingContext.INSTANCE : null;
	}

	/**
	 * @return the server's and the gateway's settings for this transport, as {@code name → value}
	 * (none for plain TCP)
	 */
	public Map<String, String> properties() {
		return properties((this == TLS) ? TestCertificates.get().server() : null);
	}

	/**
	 * @param server on TLS, the certificate and key the server presents and the gateway trusts (unused,
	 * and may be null, for plain TCP)
	 * @return the server's and the gateway's settings for this transport (none for plain TCP)
	 */
	public Map<String, String> properties(TestCertificates.Identity server) {
		Map<String, String> properties = new LinkedHashMap<>();
		if (this == TLS) {
			properties.put("spring.ssl.bundle.jks.tcp-server.keystore.location", server.keyStore().toUri().toString());
			properties.put("spring.ssl.bundle.jks.tcp-server.keystore.password", TestCertificates.PASSWORD);
			properties.put("spring.ssl.bundle.jks.tcp-server.keystore.type", "PKCS12");
			properties.put("buffered.server.ssl-bundle", "tcp-server");
			properties.put("spring.ssl.bundle.pem.tcp-client.truststore.certificate",
					server.certificate().toUri().toString());
			properties.put("buffered.client.ssl-bundle", "tcp-client");
			properties.put("buffered.client.host", this.host);
		}
		return properties;
	}

	/** Adds {@link #properties()} to a test's application context. */
	public void configure(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/** @return {@link #properties()} as command-line arguments for {@code SpringApplication.run} */
	public String[] arguments() {
		return properties().entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new);
	}

	/** @return a connection to {@link #host()} for writing arbitrary bytes, on TLS inside TLS records */
	public RawConnection raw(int port) throws IOException {
		return new RawConnection(connect(this.host, port, 0).socket());
	}

	/** @return a connection to {@link #host()}, with the socket's default buffers */
	public Connection connect(int port) throws IOException {
		return connect(this.host, port, 0);
	}

	/**
	 * @param receiveBufferSize the client's receive buffer, set before connecting so that it bounds
	 * the TCP window; 0 for the default
	 * @return a connection, with its handshake done on TLS, no read timeout
	 */
	public Connection connect(String host, int port, int receiveBufferSize) throws IOException {
		Socket tcp = new Socket();
		try {
			if (receiveBufferSize > 0) {
				tcp.setReceiveBufferSize(receiveBufferSize);
			}
			tcp.setTcpNoDelay(true);
			tcp.setSoTimeout(millis(CONNECT_TIMEOUT)); // bounds the handshake
			tcp.connect(new InetSocketAddress(host, port), millis(CONNECT_TIMEOUT));
			Socket socket = (this == TLS) ? handshake(tcp, host, port) : tcp;
			tcp.setSoTimeout(0);
			return new Connection(socket, tcp);
		}
		catch (IOException | RuntimeException ex) {
			tcp.close();
			throw ex;
		}
	}

	/** @return a client of {@link #host()} with a 1 KiB read buffer that waits for replies as long as it takes */
	public BufferedClient client(int port) throws IOException {
		return client(this.host, port, 1024);
	}

	/** @return a client that waits for replies as long as it takes */
	public BufferedClient client(String host, int port, int bufferSize) throws IOException {
		return new BufferedClient(host, port, bufferSize, Duration.ZERO, clientContext());
	}

	/** @return a client of {@link #host()} whose frames have {@code format} headers, waiting up to 20 s for a reply */
	public BufferedClient client(int port, HeaderFormat format) throws IOException {
		return new BufferedClient(this.host, port, 1024, REPLY_LIMIT, clientContext(), format);
	}

	/**
	 * Whether the server turns a new connection from {@code host} away: closes it rather than answering
	 * {@code message}. On plain TCP the client sends the message and its reply fails. On TLS the
	 * server's close comes before its half of the handshake, so the handshake fails and the message
	 * is never sent; a connection whose handshake succeeds must then fail its reply as on plain TCP.
	 * @return true if the server closed the connection, false if it answered
	 * @throws AssertionError if the server did neither within 20 s
	 */
	public boolean turnsAway(String host, int port, String message) throws IOException {
		BufferedClient client;
		try {
			client = new BufferedClient(host, port, 1024, REPLY_LIMIT, clientContext());
		}
		catch (IOException failed) {
			if (this != TLS || isTimeout(failed)) {
				throw failed;
			}
			return true; // the server closed the connection during the handshake
		}
		try (client) {
			client.sendMessage(message);
			ReceivedMessage reply = client.receiveMessage();
			if (reply.ok()) {
				return false;
			}
			if (isTimeout(client.failure())) {
				throw new AssertionError("the server neither answered nor closed the connection", client.failure());
			}
			return true;
		}
	}

	private static boolean isTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static SSLSocket handshake(Socket tcp, String host, int port) throws IOException {
		SSLSocket secure = (SSLSocket) TrustingContext.INSTANCE.getSocketFactory().createSocket(tcp, host, port, true);
		SSLParameters parameters = secure.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
		secure.setSSLParameters(parameters);
		secure.startHandshake();
		return secure;
	}

	private static int millis(Duration duration) {
		return Math.toIntExact(duration.toMillis());
	}

	/**
	 * One client connection: {@link #socket()} to read and write (an {@code SSLSocket} on TLS) and
	 * {@link #tcp()}, the TCP socket beneath it (the same socket on plain TCP).
	 */
	public record Connection(Socket socket, Socket tcp) implements AutoCloseable {

		/** Closes the connection with a TCP reset (RST) instead of an orderly close, and without TLS's close_notify. */
		public void reset() throws IOException {
			this.tcp.setSoLinger(true, 0);
			this.tcp.close();
		}

		/**
		 * Closes the TCP connection at once: on TLS without a close_notify, which could wait behind
		 * a thread blocked writing to a server that reads nothing.
		 */
		@Override
		public void close() throws IOException {
			this.tcp.close();
		}

	}

	/** Made once: every TLS client of the test JVM shares it, as SSL contexts allow. */
	private static final class TrustingContext {

		static final SSLContext INSTANCE = TestCertificates.get().clientContext();

	}

}
