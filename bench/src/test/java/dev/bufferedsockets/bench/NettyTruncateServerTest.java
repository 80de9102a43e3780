package dev.bufferedsockets.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.test.TestCertificates;
import dev.bufferedsockets.testing.Texts;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Netty reference server, usual and tuned, plain and TLS, speaks our protocol exactly, or
 * comparing against it would mean nothing; and the load generator drives each of them, TLS
 * included, with every reply verified.
 */
class NettyTruncateServerTest {

	private static final int TIMEOUT_MILLIS = 10_000;

	private NettyTruncateServer netty;

	private boolean tls;

	/** The four servers: each variant, plain and TLS. */
	static Stream<Object[]> servers() {
		return Stream.of(NettyTruncateServer.Variant.values())
			.flatMap(variant -> Stream.of(new Object[] { variant, false }, new Object[] { variant, true }));
	}

	@AfterEach
	void stop() {
		if (this.netty != null) {
			this.netty.close();
		}
	}

	@ParameterizedTest(name = "{0}, tls {1}")
	@MethodSource("servers")
	void repliesWithTheTextFromTheTenthCodePointInOrder(NettyTruncateServer.Variant variant, boolean tls)
			throws Exception {
		start(variant, tls);
		String mixed = Texts.mixed(300, 7);
		String large = Texts.mixed(400_000, 11); // more than one read, so frames span cumulated buffers
		try (Socket socket = connect()) {
			write(socket, frame("Four score and seven years ago"), frame(""), frame("short"), frame(mixed),
					frame(large));

			assertThat(List.of(readFrame(socket), readFrame(socket), readFrame(socket), readFrame(socket)))
				.containsExactly(" and seven years ago", "", "", Texts.dropCodePoints(mixed, 10));
			assertThat(readFrame(socket)).isEqualTo(Texts.dropCodePoints(large, 10));
		}
	}

	@ParameterizedTest(name = "{0}, tls {1}")
	@MethodSource("servers")
	void aFrameArrivingByteByByteIsAnsweredOnce(NettyTruncateServer.Variant variant, boolean tls) throws Exception {
		start(variant, tls);
		try (Socket socket = connect()) {
			for (byte b : frame("0123456789abc")) {
				write(socket, new byte[] { b });
			}

			assertThat(readFrame(socket)).isEqualTo("abc");
		}
	}

	@ParameterizedTest(name = "{0}, tls {1}")
	@MethodSource("servers")
	void invalidUtf8ClosesTheConnectionWithoutAReply(NettyTruncateServer.Variant variant, boolean tls)
			throws Exception {
		start(variant, tls);
		try (Socket socket = connect()) {
			write(socket, new byte[] { 0, 0, 0, 3, 'a', (byte) 0xC0, (byte) 0x80 });

			assertThat(closedByServer(socket)).isTrue();
		}
	}

	@ParameterizedTest(name = "{0}, tls {1}")
	@MethodSource("servers")
	void headerAboveTheLimitClosesTheConnection(NettyTruncateServer.Variant variant, boolean tls) throws Exception {
		start(variant, tls);
		try (Socket socket = connect()) {
			write(socket, new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });

			assertThat(closedByServer(socket)).isTrue();
		}
	}

	@ParameterizedTest(name = "tls {0}")
	@ValueSource(booleans = { false, true })
	void theTunedVariantAnswersTheGoodFramesBeforeABadOneThenCloses(boolean tls) throws Exception {
		start(NettyTruncateServer.Variant.TUNED, tls);
		try (Socket socket = connect()) {
			write(socket, frame("0123456789first"), frame("0123456789second"),
					new byte[] { 0, 0, 0, 2, (byte) 0xED, (byte) 0xA0 }, frame("0123456789never"));

			assertThat(readFrame(socket)).isEqualTo("first");
			assertThat(readFrame(socket)).isEqualTo("second");
			assertThat(closedByServer(socket)).isTrue();
		}
	}

	@ParameterizedTest(name = "{0}, tls {1}")
	@MethodSource("servers")
	void theLoadGeneratorFindsNoWrongReplyInAShortPipelinedRun(NettyTruncateServer.Variant variant, boolean tls)
			throws Exception {
		start(variant, tls);
		BenchSettings settings = new BenchSettings("127.0.0.1", this.netty.port(), 4, 256, 16, Duration.ofMillis(500),
				Duration.ofMillis(300), PayloadText.MIXED, 1, 0, 10)
			.withTls(tls ? BenchTls.trusting(TestCertificates.get().certificate(), "127.0.0.1") : null);

		BenchResult result = new LoadGenerator().run(settings, ProgressListener.NONE);

		assertThat(result.errors()).as("errors: %s", result.errorSamples()).isZero();
		assertThat(result.messages()).isPositive().isEqualTo(result.latencyMicros().count());
	}

	@ParameterizedTest
	@EnumSource(NettyTruncateServer.Variant.class)
	void theLoadGeneratorRefusesACertificateThatDoesNotNameTheHost(NettyTruncateServer.Variant variant)
			throws Exception {
		start(variant, true);
		BenchTls wrongName = BenchTls.trusting(TestCertificates.get().certificate(), "bench.example.org");
		// Long enough for both handshakes on a cold JVM; they fail at once, what remains of the window is idle.
		BenchSettings settings = new BenchSettings("127.0.0.1", this.netty.port(), 2, 64, 1, Duration.ofSeconds(3),
				Duration.ZERO, PayloadText.ASCII, 1, 0, 10)
			.withTls(wrongName);

		BenchResult result = new LoadGenerator().run(settings, ProgressListener.NONE);

		assertThat(result.messages()).isZero();
		assertThat(result.errors()).as("errors: %s", result.errorSamples()).isEqualTo(2);
		assertThat(result.errorSamples()).singleElement(InstanceOfAssertFactories.STRING)
			.contains("connection failed", "bench.example.org");
	}

	private void start(NettyTruncateServer.Variant variant, boolean tls) throws Exception {
		this.tls = tls;
		TestCertificates certificates = TestCertificates.get();
		this.netty = NettyTruncateServer.start("127.0.0.1", 0, variant,
				tls ? NettyTruncateServer.tls(certificates.keyStore(), TestCertificates.PASSWORD) : null);
	}

	/** A blocking client socket, plain or TLS (trusting the test certificate, checking it names 127.0.0.1). */
	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.setSoTimeout(TIMEOUT_MILLIS);
		socket.connect(new InetSocketAddress("127.0.0.1", this.netty.port()), TIMEOUT_MILLIS);
		return this.tls ? BenchTls.trusting(TestCertificates.get().certificate(), "127.0.0.1").handshake(socket, this.netty.port()) : socket;
	}

	private static byte[] frame(String text) {
		return FrameEncoder.DEFAULT.encode(text.getBytes(StandardCharsets.UTF_8));
	}

	private static void write(Socket socket, byte[]... chunks) throws IOException {
		OutputStream out = socket.getOutputStream();
		for (byte[] chunk : chunks) {
			out.write(chunk);
		}
		out.flush();
	}

	private static String readFrame(Socket socket) throws IOException {
		byte[] payload = new FrameCodec(65536, FrameCodec.MAX_PAYLOAD_BYTES).readFrame(socket.getInputStream());
		if (payload == null) {
			throw new IOException("the server closed the connection instead of replying");
		}
		return new String(payload, StandardCharsets.UTF_8);
	}

	/** @return true if the server closed the connection (end of stream or reset) without sending anything more */
	private static boolean closedByServer(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		try {
			int next = in.read();
			assertThat(next).as("a byte instead of the end of the stream").isNegative();
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true; // a reset is a close too
		}
	}

}
