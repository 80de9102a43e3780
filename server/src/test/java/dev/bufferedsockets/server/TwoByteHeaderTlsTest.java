package dev.bufferedsockets.server;

import java.io.IOException;
import java.time.Duration;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.TestCertificates;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** {@code header-bytes: 2} on the blocking TLS listener, whose codec is the starter's serializer. */
@ServerTest
@TestPropertySource(properties = { "buffered.server.header-bytes=2", "buffered.server.max-message-bytes=65535" })
class TwoByteHeaderTlsTest extends TwoByteHeaderCases {

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry properties) {
		TlsTest.tlsOnBothSides(properties);
	}

	@Override
	BufferedClient connect(HeaderFormat format) throws IOException {
		return new BufferedClient("localhost", this.server.getPort(), 1024, Duration.ofSeconds(20),
				TestCertificates.get().clientContext(), format);
	}

}
