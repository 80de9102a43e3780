package dev.bufferedsockets.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import tlschannel.ClientTlsChannel;

/**
 * TLS for the generator's connections: which certificates it trusts, and the name the server's
 * certificate must carry. Each connection gets a client {@link SSLEngine} that checks that name
 * (endpoint identification "HTTPS", which matches DNS names and IP addresses alike) and sends it
 * as SNI when it is a host name, wrapped around the socket by tls-channel, so the selector loops
 * drive TLS connections exactly as they drive plain ones.
 *
 * @param context trust material and protocol settings
 * @param peerName the name the certificate must carry: the host connected to, or {@code --tls-host}
 */
public record BenchTls(SSLContext context, String peerName) {

	/** @return TLS that trusts exactly the certificates in a PEM file */
	public static BenchTls trusting(Path caCertificates, String peerName) throws IOException {
		try {
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			Collection<? extends Certificate> certificates;
			try (InputStream in = Files.newInputStream(caCertificates)) {
				certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
			}
			if (certificates.isEmpty()) {
				throw new IOException(caCertificates + " holds no PEM certificate");
			}
			int i = 0;
			for (Certificate certificate : certificates) {
				trusted.setCertificateEntry("ca-" + i++, certificate);
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return new BenchTls(context, peerName);
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("cannot read CA certificates from " + caCertificates + ": " + ex.getMessage(), ex);
		}
	}

	/** @return TLS that trusts what the JDK's default trust store trusts */
	public static BenchTls defaultTrust(String peerName) throws IOException {
		try {
			return new BenchTls(SSLContext.getDefault(), peerName);
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("no default TLS context: " + ex.getMessage(), ex);
		}
	}

	/** @return a client engine that verifies {@link #peerName} */
	public SSLEngine newEngine(int port) {
		SSLEngine engine = this.context.createSSLEngine(this.peerName, port);
		engine.setUseClientMode(true);
		SSLParameters parameters = engine.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		if (!isAddressLiteral(this.peerName)) {
			parameters.setServerNames(List.of(new SNIHostName(this.peerName)));
		}
		engine.setSSLParameters(parameters);
		return engine;
	}

	/** @return a TLS channel over a connected socket; the handshake happens on its first read or write */
	ByteChannel wrap(SocketChannel socket, int port) {
		return ClientTlsChannel.newBuilder(socket, newEngine(port)).build();
	}

	/** @return {@code socket}, connected to {@code port}, in TLS with the same checks, its handshake done: for blocking clients */
	public SSLSocket handshake(Socket socket, int port) throws IOException {
		SSLSocket secure = (SSLSocket) this.context.getSocketFactory()
			.createSocket(socket, this.peerName, port, true);
		secure.setSSLParameters(newEngine(port).getSSLParameters());
		secure.startHandshake();
		return secure;
	}

	/** An IPv6 literal has a colon, an IPv4 one only digits and dots; SNI carries host names only. */
	private static boolean isAddressLiteral(String name) {
		return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
	}

}
