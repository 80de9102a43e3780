package dev.bufferedsockets.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.bufferedsockets.commandline.ExitCodes;
import dev.bufferedsockets.test.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code bench} mode in process: bounded, loopback-only by default, and one JSON object on
 * standard output with {@code --json}. Runs use the in-process server and last about a second.
 */
class BenchCommandTest {

	@Test
	void jsonIsOneObjectOnStandardOutputWithEveryReplyVerified() {
		Run run = run("--in-process", "--json", "--connections=2", "--depth=8", "--size=100", "--text=mixed",
				"--duration=1s", "--warmup=200ms"); // over a second, so the once-a-second progress line appears

		assertThat(run.exitCode()).as(run.stderr()).isZero();
		assertThat(run.stdout().lines()).hasSize(1);
		JsonNode json = JsonMapper.builder().build().readTree(run.stdout());
		assertThat(json.get("errors").asLong()).isZero();
		assertThat(json.get("messages").asLong()).isPositive()
			.isEqualTo(json.get("latencyMicros").get("count").asLong());
		assertThat(json.get("payloadBytes").asInt()).isEqualTo(100);
		assertThat(json.get("cpu").get("inProcessServer").asDouble()).isPositive();
		assertThat(run.stderr()).as("the progress line").contains("msgs/s");
	}

	@Test
	void summaryTableNamesEveryFigure() {
		Run run = run("--in-process", "--quiet", "--duration=500ms", "--warmup=0");

		assertThat(run.exitCode()).as(run.stderr()).isZero();
		assertThat(run.stdout()).contains("msgs/s", "MB/s", "latency p50", "latency p99", "latency p99.9",
				"latency max", "errors", "cpu");
		assertThat(run.stderr()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "--host=192.0.2.1", "--host=192.0.2.1 --port=80" })
	void aHostOffThisMachineIsRefusedBeforeAnyConnection(String options) {
		Run run = run((options + " --duration=1s").split(" "));

		assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(run.stderr()).contains("not a loopback address").contains("--allow-remote");
		assertThat(run.stdout()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "--connections=10001", "--connections=0", "--duration=0", "--duration=2h",
			"--warmup=11m", "--duration=forever", "--depth=0", "--size=-1", "--text=klingon", "--threads=0" })
	void unboundedOrNonsenseSettingsAreUsageErrors(String option) {
		Run run = run("--in-process", option);

		assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(run.stderr()).contains("Usage:").doesNotContain("\tat ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "--ca-cert=server.pem", "--tls-host=localhost", "--tls --ca-cert=no-such-file.pem",
			"--tls --in-process" })
	void tlsOptionsWithoutTlsOrWithoutTheirFileAreUsageErrors(String options) {
		Run run = run((options + " --duration=1s").split(" "));

		assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(run.stderr()).contains("Usage:").doesNotContain("\tat ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "127.0.0.1" })
	void tlsRunTrustsTheGivenCertificateAndVerifiesEveryReply(String tlsHost) throws Exception {
		TestCertificates certificates = TestCertificates.get();
		try (NettyTruncateServer netty = NettyTruncateServer.start("127.0.0.1", 0, NettyTruncateServer.Variant.TUNED,
				NettyTruncateServer.tls(certificates.keyStore(), TestCertificates.PASSWORD))) {
			Run run = run("--tls", "--ca-cert=" + certificates.certificate(), "--tls-host=" + tlsHost,
					"--port=" + netty.port(), "--json", "--quiet", "--connections=2", "--depth=4",
					"--duration=500ms", "--warmup=1s");

			assertThat(run.exitCode()).as(run.stderr() + run.stdout()).isZero();
			JsonNode json = JsonMapper.builder().build().readTree(run.stdout());
			assertThat(json.get("errors").asLong()).isZero();
			assertThat(json.get("messages").asLong()).isPositive();
		}
	}

	@Test
	void tlsWithoutTheServersCertificateInTheTrustStoreFails() throws Exception {
		TestCertificates certificates = TestCertificates.get();
		try (NettyTruncateServer netty = NettyTruncateServer.start("127.0.0.1", 0, NettyTruncateServer.Variant.TUNED,
				NettyTruncateServer.tls(certificates.keyStore(), TestCertificates.PASSWORD))) {
			Run run = run("--tls", "--port=" + netty.port(), "--quiet", "--connections=1", "--duration=2s",
					"--warmup=0");

			assertThat(run.exitCode()).as(run.stderr() + run.stdout()).isEqualTo(ExitCodes.UNAVAILABLE);
			assertThat(run.stdout()).contains("connection failed").contains("certification path");
		}
	}

	private static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exitCode = BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String stdout, String stderr) {
	}

}
