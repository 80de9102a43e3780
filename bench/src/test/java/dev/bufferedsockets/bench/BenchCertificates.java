package dev.bufferedsockets.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A self-signed certificate for the TLS benchmarks and their tests, made by the JDK's keytool once
 * per JVM in a temporary folder that is deleted on exit, so no key is ever kept in the repository.
 * It names localhost and 127.0.0.1; the servers read the PKCS#12 key store, the load generator
 * trusts the PEM certificate ({@code --ca-cert}).
 */
final class BenchCertificates {

	static final String PASSWORD = "bench-only";

	private static BenchCertificates generated;

	private final Path keyStore;

	private final Path certificate;

	private BenchCertificates(Path keyStore, Path certificate) {
		this.keyStore = keyStore;
		this.certificate = certificate;
	}

	static synchronized BenchCertificates get() {
		if (generated == null) {
			try {
				generated = generate();
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException("could not generate the benchmark's certificate", ex);
			}
		}
		return generated;
	}

	/** PKCS#12 key store with the server's key and certificate, password {@link #PASSWORD}. */
	Path keyStore() {
		return this.keyStore;
	}

	/** The certificate as PEM, for clients to trust. */
	Path certificate() {
		return this.certificate;
	}

	/** @return the generator's TLS settings: trust exactly this certificate, check it names 127.0.0.1 */
	BenchTls clientTls() throws IOException {
		return BenchTls.trusting(this.certificate, "127.0.0.1");
	}

	private static BenchCertificates generate() throws IOException, InterruptedException {
		Path folder = Files.createTempDirectory("buffered-sockets-bench-tls");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder)));
		Path keyStore = folder.resolve("server.p12");
		Path certificate = folder.resolve("server.pem");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
				"-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-file", certificate.toString());
		return new BenchCertificates(keyStore, certificate);
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

	private static void delete(Path folder) {
		try (Stream<Path> files = Files.walk(folder)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder; the OS cleans it up eventually
		}
	}

}
