package dev.bufferedsockets.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
	 * @throws IOException if the file cannot be read or holds no certificate
	 */
	static SSLContext trusting(Path caCertificate) throws IOException {
		if (caCertificate == null) {
			try {
				return SSLContext.getDefault();
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IOException("no default TLS context: " + ex.getMessage(), ex);
			}
		}
		if (!Files.isReadable(caCertificate)) {
			throw new IOException("cannot read --ca-cert " + caCertificate);
		}
		try {
			PemSslStoreDetails trusted = PemSslStoreDetails.forCertificates(caCertificate.toUri().toString());
			return SslBundle.of(new PemSslStoreBundle(null, trusted)).createSslContext();
		}
		catch (RuntimeException ex) {
			throw new IOException("cannot use --ca-cert " + caCertificate + ": " + ex.getMessage(), ex);
		}
	}

}
