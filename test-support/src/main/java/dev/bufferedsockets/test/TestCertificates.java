package dev.bufferedsockets.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.util.FileSystemUtils;

/**
 * Self-signed certificates for tests of TLS (ours and an application's), made by the JDK's keytool, once per test JVM, in a
 * temporary folder: nothing secret is kept in the repository. The server's names localhost,
 * 127.0.0.1 and ::1; a second server certificate with the same names stands in for a renewed one;
 * a client certificate is for mutual TLS; {@link #serverAt} makes a server certificate for another
 * address, such as a network namespace's. All are valid for two days.
 */
public final class TestCertificates {

	public static final String PASSWORD = "test-only";

	private static final String SERVER_NAMES = "SAN=dns:localhost,ip:127.0.0.1,ip:::1";

	private static TestCertificates generated;

	private final Path folder;

	private final Identity server;

	private final Identity renewedServer;

	private final Identity client;

	private TestCertificates(Path folder, Identity server, Identity renewedServer, Identity client) {
		this.folder = folder;
		this.server = server;
		this.renewedServer = renewedServer;
		this.client = client;
	}

	public static synchronized TestCertificates get() {
		if (generated == null) {
			try {
				Path folder = Files.createTempDirectory("buffered-sockets-tls");
				Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(folder.toFile())));
				generated = new TestCertificates(folder, Identity.generate(folder, "server", "CN=localhost", SERVER_NAMES),
						Identity.generate(folder, "renewed-server", "CN=localhost,O=renewed", SERVER_NAMES),
						Identity.generate(folder, "client", "CN=test-client,O=buffered-sockets tests", null));
			}
			catch (IOException | InterruptedException | GeneralSecurityException ex) {
				throw new IllegalStateException("could not generate the test certificates", ex);
			}
		}
		return generated;
	}

	/** PKCS#12 key store holding the server's key and certificate. */
	public Path keyStore() {
		return this.server.keyStore();
	}

	/** The server's certificate as PEM, for clients to trust. */
	public Path certificate() {
		return this.server.certificate();
	}

	/** The server's certificate and key. */
	public Identity server() {
		return this.server;
	}

	/** Another certificate for the same server names: the server's after a renewal. */
	public Identity renewedServer() {
		return this.renewedServer;
	}

	/** A client's certificate and key, for a server that asks for one. */
	public Identity client() {
		return this.client;
	}

	/**
	 * A new server certificate and key that name {@code address} as well as the usual names, for a
	 * server that clients reach at an address of the test's own; {@link #trusting} makes its clients' context.
	 */
	public Identity serverAt(String address) {
		try {
			return Identity.generate(this.folder, "server-" + address.replace(':', '-'), "CN=localhost",
					SERVER_NAMES + ",ip:" + address);
		}
		catch (IOException | InterruptedException | GeneralSecurityException ex) {
			throw new IllegalStateException("could not generate a certificate for " + address, ex);
		}
	}

	/** A TLS context that trusts exactly the test certificate. */
	public SSLContext clientContext() {
		return trusting(this.server);
	}

	/** A TLS context that trusts exactly {@code server}'s certificate. */
	public static SSLContext trusting(Identity server) {
		return SslBundle.of(new PemSslStoreBundle(null, trust(server))).createSslContext();
	}

	/** A TLS context that trusts the server's certificate and presents {@code presented}'s. */
	public SSLContext clientContext(Identity presented) {
		PemSslStoreDetails keyStore = PemSslStoreDetails.forCertificates(presented.certificate().toUri().toString())
			.withPrivateKey(presented.privateKey().toUri().toString());
		return SslBundle.of(new PemSslStoreBundle(keyStore, trust(this.server))).createSslContext();
	}

	private static PemSslStoreDetails trust(Identity server) {
		return PemSslStoreDetails.forCertificates(server.certificate().toUri().toString());
	}

	/**
	 * One key pair and its self-signed certificate.
	 *
	 * @param keyStore PKCS#12 key store with the key and certificate, password {@link #PASSWORD}
	 * @param certificate the certificate as PEM
	 * @param privateKey the unencrypted private key as PEM (PKCS#8)
	 * @param subject the certificate's subject, as {@code X500Principal.getName()} gives it
	 */
	public record Identity(Path keyStore, Path certificate, Path privateKey, String subject) {

		static Identity generate(Path folder, String alias, String dname, String extension)
				throws IOException, InterruptedException, GeneralSecurityException {
			Path keyStore = folder.resolve(alias + ".p12");
			Path certificate = folder.resolve(alias + ".pem");
			Path privateKey = folder.resolve(alias + "-key.pem");
			List<String> generate = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC",
					"-groupname", "secp256r1", "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore",
					keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
			if (extension != null) {
				generate.addAll(List.of("-ext", extension));
			}
			keytool(generate.toArray(String[]::new));
			keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
					"-file", certificate.toString());
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keyStore)) {
				store.load(in, PASSWORD.toCharArray());
			}
			Key key = store.getKey(alias, PASSWORD.toCharArray());
			Files.writeString(privateKey, "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
					+ "\n-----END PRIVATE KEY-----\n");
			String subject = ((X509Certificate) store.getCertificate(alias)).getSubjectX500Principal().getName();
			return new Identity(keyStore, certificate, privateKey, subject);
		}

	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
			keytool.destroyForcibly();
			throw new IOException("keytool failed: " + output);
		}
	}

}
