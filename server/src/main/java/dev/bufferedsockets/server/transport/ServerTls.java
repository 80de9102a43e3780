package dev.bufferedsockets.server.transport;

import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import dev.bufferedsockets.server.ClientAuth;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * TLS for the listener's connections, from a Spring Boot SSL bundle: the bundle's key material,
 * trust material (for client certificates), protocols and cipher suites, and whether clients must
 * present a certificate.
 *
 * <p>{@link #update} swaps in a reloaded bundle (Boot calls it when {@code reload-on-update} sees
 * the files change): connections accepted afterwards get the new certificate, open ones keep the
 * engine they have.
 */
public final class ServerTls {

	private final String bundleName;

	private final ClientAuth clientAuth;

	private volatile Material material;

	public ServerTls(String bundleName, SslBundle bundle, ClientAuth clientAuth) {
		this.bundleName = bundleName;
		this.clientAuth = clientAuth;
		this.material = Material.of(bundle);
	}

	String bundleName() {
		return this.bundleName;
	}

	public void update(SslBundle bundle) {
		this.material = Material.of(bundle);
	}

	/** TLS over a newly accepted socket, with the material current now. */
	ConnectionTransport over(SocketChannel socket) {
		Material current = this.material;
		return new TlsTransport(socket, current.context(), context -> engine(context, current.options()));
	}

	private SSLEngine engine(SSLContext context, SslOptions options) {
		SSLEngine engine = context.createSSLEngine();
		engine.setUseClientMode(false);
		if (options.getEnabledProtocols() != null) {
			engine.setEnabledProtocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			engine.setEnabledCipherSuites(options.getCiphers());
		}
		switch (this.clientAuth) {
			case NEED -> engine.setNeedClientAuth(true);
			case WANT -> engine.setWantClientAuth(true);
			case NONE -> engine.setNeedClientAuth(false);
		}
		return engine;
	}

	private record Material(SSLContext context, SslOptions options) {

		static Material of(SslBundle bundle) {
			return new Material(bundle.createSslContext(), bundle.getOptions());
		}

	}

}
