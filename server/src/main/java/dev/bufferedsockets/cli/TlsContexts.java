package dev.bufferedsockets.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/** TLS contexts for the command line, built with Spring Boot's SSL bundle support (no context needed). */
final class TlsContexts {

	private TlsContexts() {
	}

	/**
	 * @param caCertificate PEM certificates to trust, or null for the JDK's default authorities
	 * @param clientCertificate PEM certificate (chain) to present to a server that asks, or null for none
	 * @param clientKey the PEM private key of {@code clientCertificate}
	 * @throws IOException if a file cannot be read or does not hold what it should
	 */
	static SSLContext of(Path caCertificate, Path clientCertificate, Path clientKey) throws IOException {
		if (caCertificate == null && clientCertificate == null) {
			try {
				return SSLContext.getDefault();
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IOException("no default TLS context: " + ex.getMessage(), ex);
			}
		}
		PemSslStoreDetails trusted = (caCertificate != null)
				? PemSslStoreDetails.forCertificates(location("--ca-cert", caCertificate)) : null;
		PemSslStoreDetails presented = (clientCertificate != null)
				? PemSslStoreDetails.forCertificates(location("--client-cert", clientCertificate))
					.withPrivateKey(location("--client-key", clientKey))
				: null;
		try {
			SslBundle bundle = SslBundle.of(new PemSslStoreBundle(presented, trusted));
			if (trusted != null) {
				return bundle.createSslContext();
			}
			SSLContext context = SSLContext.getInstance(bundle.getProtocol()); // present a certificate, trust the JDK's authorities
			context.init(bundle.getManagers().getKeyManagers(), null, null);
			return context;
		}
		catch (RuntimeException | GeneralSecurityException ex) {
			throw new IOException("cannot use " + (presented != null ? "--client-cert " + clientCertificate + " / --client-key "
					+ clientKey : "--ca-cert " + caCertificate) + ": " + ex.getMessage(), ex);
		}
	}

	private static String location(String option, Path file) throws IOException {
		if (!Files.isReadable(file)) {
			throw new IOException("cannot read " + option + " " + file);
		}
		return file.toUri().toString();
	}

}
