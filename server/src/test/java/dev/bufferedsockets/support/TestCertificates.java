package dev.bufferedsockets.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.util.FileSystemUtils;

/**
 * A self-signed server certificate made for the tests by the JDK's keytool, once per test JVM, in
 * a temporary folder: nothing secret is kept in the repository. It names localhost, 127.0.0.1
 * and ::1, and is valid for two days.
 */
public final class TestCertificates {

	public static final String PASSWORD = "test-only";

	private static TestCertificates generated;

	private final Path keyStore;

	private final Path certificate;

	private TestCertificates(Path keyStore, Path certificate) {
		this.keyStore = keyStore;
		this.certificate = certificate;
	}

	public static synchronized TestCertificates get() {
		if (generated == null) {
			try {
				generated = generate();
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException("could not generate the test certificate", ex);
			}
		}
		return generated;
	}

	/** PKCS#12 key store holding the server's key and certificate. */
	public Path keyStore() {
		return this.keyStore;
	}

	/** The server's certificate as PEM, for clients to trust. */
	public Path certificate() {
		return this.certificate;
	}

	/** A TLS context that trusts exactly the test certificate. */
	public SSLContext clientContext() {
		return SslBundle.of(new PemSslStoreBundle(null,
				PemSslStoreDetails.forCertificates(this.certificate.toUri().toString())))
			.createSslContext();
	}

	private static TestCertificates generate() throws IOException, InterruptedException {
		Path folder = Files.createTempDirectory("buffered-sockets-tls");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(folder.toFile())));
		Path keyStore = folder.resolve("server.p12");
		Path certificate = folder.resolve("server.pem");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1", "-validity", "2", "-storetype",
				"PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-file", certificate.toString());
		return new TestCertificates(keyStore, certificate);
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
