package dev.bufferedsockets.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.test.TestCertificates;
import dev.bufferedsockets.test.TestCertificates.Identity;
import dev.bufferedsockets.testing.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Certificate rotation without a restart: with an SSL bundle that has {@code reload-on-update},
 * replacing its key store file gives new connections the new certificate, while a connection
 * opened before keeps working.
 */
@ServerTest
class CertificateRotationTest {

	private static final Path FOLDER = temporaryFolder();

	private static final Path KEY_STORE = FOLDER.resolve("server.p12");

	@Autowired
	private BufferedServer server;

	@DynamicPropertySource
	static void reloadingBundle(DynamicPropertyRegistry properties) throws IOException {
		Files.copy(TestCertificates.get().keyStore(), KEY_STORE, StandardCopyOption.REPLACE_EXISTING);
		properties.add("spring.ssl.bundle.jks.tcp-server.keystore.location", () -> KEY_STORE.toUri().toString());
		properties.add("spring.ssl.bundle.jks.tcp-server.keystore.password", () -> TestCertificates.PASSWORD);
		properties.add("spring.ssl.bundle.jks.tcp-server.keystore.type", () -> "PKCS12");
		properties.add("spring.ssl.bundle.jks.tcp-server.reload-on-update", () -> "true");
		properties.add("spring.ssl.bundle.watch.file.quiet-period", () -> "100ms");
		properties.add("buffered.server.ssl-bundle", () -> "tcp-server");
	}

	@AfterAll
	static void deleteFolder() {
		FileSystemUtils.deleteRecursively(FOLDER.toFile());
	}

	@Test
	void aReplacedCertificateServesNewConnectionsWhileOpenOnesKeepWorking() throws IOException {
		Identity original = TestCertificates.get().server();
		Identity renewed = TestCertificates.get().renewedServer();
		SSLContext trustingBoth = trusting(original, renewed);
		try (RawConnection before = connect(trustingBoth)) {
			assertThat(serverSubject(before)).isEqualTo(original.subject());
			assertThat(before.writeFrame("0123456789before").readFrame()).isEqualTo("before");

			Path replacement = FOLDER.resolve("replacement.p12");
			Files.copy(renewed.keyStore(), replacement);
			Files.move(replacement, KEY_STORE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

			await().atMost(Duration.ofSeconds(60)).until(() -> {
				try (RawConnection after = connect(trustingBoth)) {
					return serverSubject(after).equals(renewed.subject())
							&& after.writeFrame("0123456789after").readFrame().equals("after");
				}
			});
			assertThat(before.writeFrame("0123456789still open").readFrame()).isEqualTo("still open");
		}
	}

	private RawConnection connect(SSLContext context) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", this.server.getPort());
		try {
			socket.startHandshake();
			return new RawConnection(socket);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	private static String serverSubject(RawConnection connection) throws IOException {
		return ((SSLSocket) connection.socket()).getSession().getPeerPrincipal().getName();
	}

	private static SSLContext trusting(Identity... servers) throws IOException {
		StringBuilder pem = new StringBuilder();
		for (Identity server : servers) {
			pem.append(Files.readString(server.certificate()));
		}
		Path both = FOLDER.resolve("trusted.pem");
		Files.writeString(both, pem);
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificates(both.toUri().toString())))
			.createSslContext();
	}

	private static Path temporaryFolder() {
		try {
			return Files.createTempDirectory("buffered-sockets-rotation");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
