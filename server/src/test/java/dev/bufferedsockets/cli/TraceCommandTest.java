package dev.bufferedsockets.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.CommandLineRun;
import dev.bufferedsockets.support.PythonKit;
import dev.bufferedsockets.support.RepositoryFiles;
import dev.bufferedsockets.support.ScriptedServer;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.support.ServerThreadAllocations;
import dev.bufferedsockets.testing.RawConnection;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code trace} between real clients (BufferedClient, raw sockets, the Python kit) and servers (ours,
 * and scripted ones): every frame is printed both ways with what is wrong with it, and the bytes
 * arrive unchanged, a large frame without the proxy holding it.
 */
@ServerTest
class TraceCommandTest {

	private static final String NL = System.lineSeparator();

	@Autowired
	private BufferedServer server;

	private CommandLineRun.Running proxy;

	@TempDir
	Path work;

	@AfterEach
	void stopTheProxy() throws InterruptedException {
		if (this.proxy != null) {
			this.proxy.close();
		}
	}

	@Test
	void framesArePrintedInBothDirectionsAsOurClientTalksToOurServer() throws Exception {
		int port = trace(this.server.getPort(), "--connections=1");
		try (BufferedClient client = new BufferedClient("127.0.0.1", port, 1024, Duration.ofSeconds(10))) {
			client.sendMessage(ServerCases.SEED);
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(" and seven years ago", true));
			client.sendMessage("😀".repeat(11) + "\t\"tab\"");
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage("😀\t\"tab\"", true));
			client.sendMessage("");
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage("", true));
		}
		CommandLineRun run = this.proxy.finish();

		assertThat(run.exitCode()).isZero();
		assertThat(run.stdout()).containsPattern("#1 open: 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:" + this.server.getPort())
			.contains("#1 client->server frame 1: header 30, 30 bytes \"Four score and seven years ago\"" + NL)
			.contains("#1 server->client frame 1: header 20, 20 bytes \" and seven years ago\"" + NL)
			.contains("#1 client->server frame 2: header 50, 50 bytes \"" + "😀".repeat(11) + "\\t\\\"tab\\\"\"" + NL)
			.contains("#1 client->server frame 3: header 0, 0 bytes" + NL)
			.contains("#1 the client closed its side")
			.contains("#1 closed: client->server 3 frames, 92 bytes; server->client 3 frames, 42 bytes")
			.doesNotContain("PROBLEM");
	}

	@Test
	void bytesPassUnchangedAndWhatIsWrongWithThemIsShown() throws Exception {
		byte[] wire = concat(FrameEncoder.DEFAULT.encode(utf8("first")), FrameEncoder.DEFAULT.encode(utf8("second")),
				FrameEncoder.DEFAULT.encode(new byte[] { '0', '1', (byte) 0xE2, (byte) 0x82 }), FrameEncoder.DEFAULT.header(100).array(),
				utf8("short"));
		try (ScriptedServer echo = ScriptedServer.start(TraceCommandTest::echo)) {
			int port = trace(echo.port(), "--connections=1");
			byte[] echoed;
			try (RawConnection raw = new RawConnection(port)) {
				raw.write(wire);
				raw.socket().shutdownOutput();
				echoed = raw.socket().getInputStream().readAllBytes();
			}
			String output = this.proxy.finish().stdout();

			assertThat(echoed).as("every byte, there and back, in order").isEqualTo(wire);
			for (String direction : List.of("client->server", "server->client")) {
				assertThat(output).contains("#1 " + direction + " frame 1: header 5, 5 bytes \"first\"" + NL)
					.contains("#1 " + direction + " frame 2: header 6, 6 bytes \"second\"; in the same read as frame 1 "
							+ "(fine: TCP is a stream)" + NL)
					.contains("#1 " + direction + " frame 3: header 4, 4 bytes \"01\\ufffd\"; in the same read as frame 2 "
							+ "(fine: TCP is a stream); PROBLEM: invalid UTF-8 at payload byte 2" + NL)
					.contains("#1 " + direction + " frame 4: header 100, 5 bytes \"short\"; in the same read as frame 3 "
							+ "(fine: TCP is a stream); PROBLEM: the header announces "
							+ "100 bytes but the connection closed after 5" + NL);
			}
		}
	}

	@Test
	void hexAddsADumpOfTheHeaderAndTheFirstBytes() throws Exception {
		int port = trace(this.server.getPort(), "--connections=1", "--hex");
		try (BufferedClient client = new BufferedClient("127.0.0.1", port, 1024, Duration.ofSeconds(10))) {
			client.sendMessage(ServerCases.SEED);
			assertThat(client.receiveMessage().ok()).isTrue();
		}
		assertThat(this.proxy.finish().stdout()).contains("\"Four score and seven years ago\"" + NL
				+ "    00 00 00 1e | 46 6f 75 72 20 73 63 6f 72 65 20 61 6e 64 20 73 65 76 65 6e 20 79 65 61 72 73 20 61 67 6f"
				+ NL);
	}

	@Test
	void aLargeFramePassesWithoutTheProxyHoldingIt() throws Exception {
		int port = trace(this.server.getPort(), "--connections=1");
		String large = Texts.ascii(8 * 1024 * 1024, 3);
		try (BufferedClient client = new BufferedClient("127.0.0.1", port, 65536, Duration.ofSeconds(30))) {
			client.sendMessage("0123456789warm up");
			assertThat(client.receiveMessage().ok()).isTrue();
			ServerThreadAllocations proxyThreads = new ServerThreadAllocations("trace-");
			client.sendMessage(large);
			ReceivedMessage reply = client.receiveMessage();
			assertThat(reply.ok() && reply.payload().equals(large.substring(10))).as("the 8 MiB reply, exactly").isTrue();

			assertThat(proxyThreads.sinceStart()).as("bytes the proxy allocated forwarding 16 MiB of frames")
				.isLessThan(2L * 1024 * 1024);
		}
		assertThat(this.proxy.finish().stdout()).contains("client->server frame 2: header 8388608, 8388608 bytes \"")
			.contains("server->client frame 2: header 8388598, 8388598 bytes")
			.containsPattern("frame 2: header 8388608, 8388608 bytes \"[^\"]{60}\"…; arrived in \\d+ reads");
	}

	@Test
	void twoByteHeadersAreReadWithHeaderBytesTwo() throws Exception {
		try (ScriptedServer twoBytes = ScriptedServer.start(BrokenServers.twoByteHeader())) {
			int port = trace(twoBytes.port(), "--connections=1", "--header-bytes=2", "--hex");
			try (BufferedClient client = new BufferedClient("127.0.0.1", port, 1024, Duration.ofSeconds(10), null,
					HeaderFormat.TWO_BYTES)) {
				client.sendMessage(ServerCases.SEED);
				assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage(" and seven years ago", true));
			}
			assertThat(this.proxy.finish().stdout()).contains("with 2-byte headers")
				.contains("#1 client->server frame 1: header 30, 30 bytes \"Four score and seven years ago\"" + NL
						+ "    00 1e | 46 6f")
				.contains("#1 server->client frame 1: header 20, 20 bytes \" and seven years ago\"");
		}
	}

	@Test
	void thePythonKitTalksToOurServerThroughTheProxy() throws Exception {
		assumeTrue(PythonKit.python3Available(), "python3 is not installed: the trace test with the Python kit needs it");
		int port = trace(this.server.getPort(), "--connections=1");
		Path output = this.work.resolve("python.txt");
		Process python = new ProcessBuilder("python3", RepositoryFiles.path("clients", "python", "buffered_client.py").toString(),
				"--host", "127.0.0.1", "--port", String.valueOf(port), ServerCases.SEED, "日本語のテキストです。漢字とかな")
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Files.createFile(this.work.resolve("stdin")).toFile()))
			.start();
		try {
			assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
		}
		finally {
			python.destroyForcibly();
		}
		String traced = this.proxy.finish().stdout();

		assertThat(Files.readString(output, StandardCharsets.UTF_8)).isEqualTo(" and seven years ago\n。漢字とかな\n");
		assertThat(python.exitValue()).isZero();
		assertThat(traced).contains("#1 client->server frame 1: header 30, 30 bytes \"Four score and seven years ago\"")
			.contains("#1 server->client frame 2: header 18, 18 bytes \"。漢字とかな\"")
			.contains("#1 closed: client->server 2 frames");
	}

	@Test
	void aTargetThatRefusesIsReportedForThatClientOnly() throws Exception {
		int closed = dev.bufferedsockets.test.FreePorts.freePort();
		int port = trace(closed, "--connections=1", "--timeout=2s");
		try (RawConnection raw = new RawConnection(port)) {
			assertThat(raw.closedByServer()).isTrue();
		}
		assertThat(this.proxy.finish().stdout()).containsPattern("#1 from 127\\.0\\.0\\.1:\\d+: cannot connect to 127\\.0\\.0\\.1:"
				+ closed + ": .*; closing the client's connection");
	}

	@Test
	void badUsageExitsTwoAndATakenPortOne() throws IOException {
		CommandLineRun noTarget = CommandLineRun.run("", "trace", "--listen=0");
		assertThat(noTarget.stderr()).contains("--to").contains("Usage:");
		assertThat(noTarget.exitCode()).isEqualTo(2);
		CommandLineRun badTarget = CommandLineRun.run("", "trace", "--listen=0", "--to=localhost");
		assertThat(badTarget.stderr()).contains("--to must be HOST:PORT").contains("Usage:");
		assertThat(badTarget.exitCode()).isEqualTo(2);

		try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			CommandLineRun run = CommandLineRun.run("", "trace", "--listen=" + taken.getLocalPort(), "--to=127.0.0.1:4567");
			assertThat(run.stderr().lines()).singleElement()
				.satisfies(line -> assertThat(line).startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()));
			assertThat(run.exitCode()).isEqualTo(1);
		}
	}

	private int trace(int targetPort, String... options) {
		String[] args = new String[options.length + 3];
		args[0] = "trace";
		args[1] = "--listen=0";
		args[2] = "--to=127.0.0.1:" + targetPort;
		System.arraycopy(options, 0, args, 3, options.length);
		this.proxy = CommandLineRun.start(args);
		return this.proxy.listeningPort();
	}

	/** A target that sends back every byte it gets, then closes when the client has. */
	private static void echo(ScriptedServer.Connection connection, int number) throws IOException {
		java.net.Socket socket = connection.socket();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[4096];
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			socket.getOutputStream().write(buffer, 0, n);
		}
		socket.shutdownOutput();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

}
