package dev.bufferedsockets.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.support.CommandLineRun;
import dev.bufferedsockets.testing.RawConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code conform --serve}: a checking server that answers our own clients correctly and reports
 * clients that break the protocol (a header that lies, invalid UTF-8, a 2-byte header, stray bytes
 * after a frame) with what was wrong.
 */
class ConformServeTest {

	private CommandLineRun.Running checker;

	@AfterEach
	void stopTheChecker() throws InterruptedException {
		if (this.checker != null) {
			this.checker.close();
		}
	}

	@Test
	void ourClientIsAnsweredCorrectlyAndGetsACleanReport() throws Exception {
		int port = serve("--connections=1");
		try (BufferedClient client = new BufferedClient("127.0.0.1", port, 1024, Duration.ofSeconds(10))) {
			client.sendMessage(ServerCases.SEED);
			client.sendMessage("😀".repeat(11));
			client.sendMessage("");
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(" and seven years ago", true));
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage("😀", true));
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage("", true));
		}
		CommandLineRun run = this.checker.finish();

		assertThat(run.exitCode()).as(run.stdout()).isZero();
		assertThat(run.stdout()).containsPattern("connection 1 from 127\\.0\\.0\\.1:\\d+: OK: 3 frames received, 3 answered; "
				+ "the client closed the connection between frames");
	}

	@Test
	void ourCommandLineClientGetsItsReplies() throws Exception {
		int port = serve("--connections=1");
		CommandLineRun client = CommandLineRun.run("", "client", "--host=127.0.0.1", "--port=" + port,
				ServerCases.SEED, "日本語のテキストです。漢字とかな");

		assertThat(client.stdout()).isEqualTo(" and seven years ago" + System.lineSeparator() + "。漢字とかな"
				+ System.lineSeparator());
		assertThat(this.checker.finish().stdout()).contains(": OK: 2 frames received, 2 answered");
	}

	@Test
	void aHeaderThatAnnouncesMoreThanTheClientSendsIsReported() throws Exception {
		int port = serve("--connections=2");
		try (RawConnection raw = new RawConnection(port)) {
			raw.writeHeader(50).write("only twenty bytes...".getBytes(StandardCharsets.UTF_8));
		}
		try (RawConnection raw = new RawConnection(port)) {
			raw.writeFrame(ServerCases.SEED).writeHeader(50).write("only twenty bytes...".getBytes(StandardCharsets.UTF_8));
			assertThat(raw.readFrame()).isEqualTo(" and seven years ago");
			assertThat(raw.closedByServer()).as("the checker gives up on the stalled frame").isTrue();
		}
		CommandLineRun run = this.checker.finish();

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.stdout()).contains("PROBLEM: 0 frames received")
			.contains("frame 1: the header (00 00 00 32) announced 50 bytes but the connection closed after 20")
			.contains("PROBLEM: 1 frame received, 1 answered; closed by the checker")
			.contains("frame 2: the header (00 00 00 32) announced 50 bytes, 20 came, then nothing for 500 ms");
	}

	@Test
	void invalidUtf8IsReportedWithItsOffsetAndBytes() throws Exception {
		int port = serve("--connections=1");
		try (RawConnection raw = new RawConnection(port)) {
			raw.write(FrameEncoder.DEFAULT.encode(new byte[] { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', (byte) 0xC0,
					(byte) 0x80 }));
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(this.checker.finish().stdout())
			.contains("frame 1: its 12-byte payload is not valid UTF-8 from byte 10: c0 80");
	}

	@Test
	void aClientWithATwoByteHeaderIsToldSo() throws Exception {
		int port = serve("--connections=1");
		try (BufferedClient twoBytes = new BufferedClient("127.0.0.1", port, 1024, Duration.ofSeconds(10), null,
				HeaderFormat.TWO_BYTES)) {
			twoBytes.sendMessage(ServerCases.SEED);
			assertThat(twoBytes.receiveMessage().ok()).as("no reply to a frame read as 2 million bytes").isFalse();
		}
		assertThat(this.checker.finish().stdout()).contains("announced 1984111 bytes, 28 came")
			.contains("hint: read as a 2-byte header (!H), 00 1e announces 30 bytes, exactly what came: try --header-bytes 2");
	}

	@Test
	void withHeaderBytesTwoItAnswersATwoByteClientAndSpotsAFourByteOne() throws Exception {
		int port = serve("--connections=2", "--header-bytes=2");
		try (BufferedClient twoBytes = new BufferedClient("127.0.0.1", port, 1024, Duration.ofSeconds(10), null,
				HeaderFormat.TWO_BYTES)) {
			twoBytes.sendMessage(ServerCases.SEED);
			assertThat(twoBytes.receiveMessage()).isEqualTo(new ReceivedMessage(" and seven years ago", true));
		}
		try (BufferedClient fourBytes = new BufferedClient("127.0.0.1", port, 1024, Duration.ofSeconds(10))) {
			fourBytes.sendMessage(ServerCases.SEED);
			fourBytes.sendMessage("0123456789 again");
			assertThat(fourBytes.receiveMessage().ok()).as("the mix-up goes unnoticed by a short-message client").isTrue();
			assertThat(fourBytes.receiveMessage().ok()).isTrue();
		}
		String report = this.checker.finish().stdout();

		assertThat(report).contains("connection 1 from").contains(": OK: 1 frame received, 1 answered")
			.contains("PROBLEM: 4 frames received, 4 answered")
			.contains("every other frame was empty, each before a real one: this looks like a client with a 4-byte header");
	}

	@Test
	void bytesAfterAFrameThatNeverBecomeAHeaderAreReported() throws Exception {
		int port = serve("--connections=1");
		try (RawConnection raw = new RawConnection(port)) {
			raw.writeFrame(ServerCases.SEED).write("\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(raw.readFrame()).isEqualTo(" and seven years ago");
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(this.checker.finish().stdout())
			.contains("after frame 1, 2 bytes (0d 0a) did not become a whole header within 500 ms");
	}

	@Test
	void jsonPrintsOneObjectPerLine() throws Exception {
		int port = serve("--connections=1", "--json");
		try (BufferedClient client = new BufferedClient("127.0.0.1", port, 1024, Duration.ofSeconds(10))) {
			client.sendMessage(ServerCases.SEED);
			assertThat(client.receiveMessage().ok()).isTrue();
		}
		JsonMapper json = JsonMapper.builder().build();
		JsonNode[] lines = this.checker.finish().stdout().lines().map(json::readTree).toArray(JsonNode[]::new);

		assertThat(lines).hasSize(2);
		assertThat(lines[0].get("event").asString()).isEqualTo("listening");
		assertThat(lines[1].get("event").asString()).isEqualTo("connection");
		assertThat(lines[1].get("clean").asBoolean()).isTrue();
		assertThat(lines[1].get("frames").asInt()).isEqualTo(1);
	}

	@Test
	void aPortInUseIsOneErrorLineAndExitCodeOne() throws IOException {
		try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			CommandLineRun run = CommandLineRun.run("", "conform", "--serve", "--port=" + taken.getLocalPort());
			assertThat(run.stderr().lines()).singleElement()
				.satisfies(line -> assertThat(line).startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()));
			assertThat(run.exitCode()).isEqualTo(1);
		}
	}

	private int serve(String... options) {
		String[] args = new String[options.length + 4];
		args[0] = "conform";
		args[1] = "--serve";
		args[2] = "--port=0";
		args[3] = "--timeout=500ms";
		System.arraycopy(options, 0, args, 4, options.length);
		this.checker = CommandLineRun.start(args);
		return Arrays.asList(options).contains("--json")
				? Integer.parseInt(this.checker.awaitOutput(Pattern.compile("\"port\":(\\d+)")))
				: this.checker.listeningPort();
	}

}
