package dev.bufferedsockets.bench;

import java.nio.file.Path;
import java.util.List;

import dev.bufferedsockets.test.TestCertificates;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The idle probe opens, measures and then serves every connection, plain or after a TLS handshake. */
class IdleConnectionsProbeTest {

	@TempDir
	Path logs;

	@ParameterizedTest(name = "tls {0}")
	@ValueSource(booleans = { false, true })
	void everyIdleConnectionIsOpenedMeasuredAndThenServed(boolean tls) throws Exception {
		TestCertificates certificates = tls ? TestCertificates.get() : null;
		try (BenchServer netty = BenchServer.netty(this.logs, List.of(), NettyTruncateServer.Variant.TUNED,
				certificates)) {
			IdleConnectionsProbe.Result result = IdleConnectionsProbe.run(netty, 20,
					tls ? BenchTls.trusting(certificates.certificate(), "127.0.0.1") : null);

			assertThat(result.errors()).isEmpty();
			assertThat(result.server()).isEqualTo(tls ? "netty-tuned-tls" : "netty-tuned");
			assertThat(result.opened()).isEqualTo(20);
			assertThat(result.served()).isEqualTo(20);
			assertThat(result.residentBeforeKib()).isPositive();
			assertThat(result.residentAfterKib()).isPositive();
			assertThat(result.threadsBefore()).isPositive();
			assertThat(result.threadsAfter()).isGreaterThanOrEqualTo(result.threadsBefore());
		}
	}

}
