package dev.bufferedsockets.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.CommandLineRun;
import dev.bufferedsockets.support.ScriptedServer;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.test.FreePorts;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code client} mode in process, against the real server: what reaches stdout and stderr, and
 * the exit code, for good messages, broken servers and bad command lines.
 */
@ServerTest
class ClientCommandTest {

	private static final String NL = System.lineSeparator();

	/** Stands for the real server's TCP port in the bad-usage command lines. */
	private static final String PORT = "{port}";

	@Autowired
	private BufferedServer server;

	private final List<ScriptedServer> fakeServers = new ArrayList<>();

	@AfterEach
	void stopFakeServers() throws Exception {
		for (ScriptedServer fake : this.fakeServers) {
			fake.close();
		}
	}

	@Test
	void printsEachReplyToMessageArgumentsOnItsOwnLine() {
		CommandLineRun result = client("", "Four score and seven years ago", "0123456789abc", "The quick brown fox jumps");

		assertThat(result.stdout()).isEqualTo(lines(" and seven years ago", "abc", "brown fox jumps"));
		assertThat(result.stderr()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void multiByteTextRoundTripsExactly() {
		CommandLineRun result = client("", "😀😀😀😀😀😀😀😀😀😀 smile", "àéîõüçñÅØß crème brûlée", "日本語のテキストです。漢字とかな",
				"🇫🇷🇩🇪🇮🇹🇪🇸🇬🇧 flags", "e\u0301e\u0301e\u0301e\u0301e\u0301 accents", "héllo wörld – 😀 done twelve");

		assertThat(result.stdout()).as("a character is a code point, as in Python's payload[10:]")
			.isEqualTo(lines(" smile", " crème brûlée", "。漢字とかな", " flags", " accents", "d – 😀 done twelve"));
		assertThat(result.stderr()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void messageOfTenCharactersOrFewerGivesAnEmptyLine() {
		CommandLineRun result = client("", "0123456789", "short", "", "😀😀😀😀😀😀😀😀😀😀", "last one!!x");

		assertThat(result.stdout()).isEqualTo(lines("", "", "", "", "x"));
		assertThat(result.stderr()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void withoutMessageArgumentsRepliesToStandardInputLineByLine() {
		String stdin = "Four score and seven years ago\n" + "\n" + "line with crlf ending\r\n" + "日本語のテキストです。漢字とかな\n"
				+ "0123456789 last line has no newline";

		CommandLineRun result = client(stdin);

		assertThat(result.stdout()).as("line endings (LF or CRLF) are not part of the message")
			.isEqualTo(lines(" and seven years ago", "", "crlf ending", "。漢字とかな", " last line has no newline"));
		assertThat(result.stderr()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void emptyStandardInputSendsNothingAndSucceeds() {
		CommandLineRun result = client("");

		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void messageArgumentsTakePrecedenceOverStandardInput() {
		CommandLineRun result = client("this line is on standard input\n", "0123456789from the arguments");

		assertThat(result.stdout()).isEqualTo(lines("from the arguments"));
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void messagesThatLookLikeOptionsCanFollowDoubleDash() {
		CommandLineRun result = client("", "--", "--port=1 is not an option here", "-h neither is this");

		assertThat(result.stdout()).isEqualTo(lines("s not an option here", " is this"));
		assertThat(result.stderr()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void messageStartingWithAtSignIsSentAsItIsEvenIfAFileHasThatName(@TempDir Path directory) throws IOException {
		// picocli reads "@path" arguments as argument files unless told not to; a message is never a file name
		Path file = Files.writeString(directory.resolve("mentions.txt"), "--nonsense\n");
		String message = "@" + file.toAbsolutePath();

		CommandLineRun result = client("", message);

		assertThat(result.stdout()).isEqualTo(lines(message.substring(10)));
		assertThat(result.stderr()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void bufferSizeOfOneByteCarriesALongMessage() {
		String message = longMessage(5_000);
		String expected = Texts.dropCodePoints(message, 10);

		CommandLineRun fromArguments = client("", "--buffer-size=1", message);
		CommandLineRun fromStdin = client(message + "\n", "--buffer-size=1");

		assertThat(fromArguments.stdout()).isEqualTo(lines(expected));
		assertThat(fromArguments.exitCode()).isZero();
		assertThat(fromStdin.stdout()).isEqualTo(lines(expected));
		assertThat(fromStdin.exitCode()).isZero();
	}

	@Test
	void headerBytesTwoTalksToAServerWithTwoByteHeaders() throws Exception {
		try (ScriptedServer twoBytes = ScriptedServer.start(BrokenServers.twoByteHeader())) {
			CommandLineRun result = run("", "client", "--host=127.0.0.1", "--port=" + twoBytes.port(), "--header-bytes=2",
					"Four score and seven years ago", "😀😀😀😀😀😀😀😀😀😀 smile");

			assertThat(result.stdout()).isEqualTo(lines(" and seven years ago", " smile"));
			assertThat(result.exitCode()).isZero();
		}
	}

	@Test
	void aMessageArgumentTooLongForATwoByteHeaderIsBadUsageAndNothingIsSent() throws Exception {
		try (ScriptedServer twoBytes = ScriptedServer.start(BrokenServers.twoByteHeader())) {
			CommandLineRun result = run("", "client", "--host=127.0.0.1", "--port=" + twoBytes.port(), "--header-bytes=2",
					"0123456789 fits", "x".repeat(65_536));

			assertThat(result.stdout()).isEmpty();
			assertThat(result.stderr()).contains("MESSAGE 2 is 65536 bytes of UTF-8; a 2-byte header announces at most 65535")
				.contains("Usage:");
			assertThat(result.exitCode()).isEqualTo(2);
		}
	}

	@Test
	void aLineTooLongForATwoByteHeaderStopsWithOneErrorLineAfterTheEarlierReplies() throws Exception {
		try (ScriptedServer twoBytes = ScriptedServer.start(BrokenServers.twoByteHeader())) {
			CommandLineRun result = run("0123456789 first\n" + "é".repeat(40_000) + "\n0123456789 never sent\n", "client",
					"--host=127.0.0.1", "--port=" + twoBytes.port(), "--header-bytes=2");

			assertThat(result.stdout()).isEqualTo(lines(" first"));
			assertThat(result.stderr()).isEqualTo("error: a payload of 80000 bytes does not fit a 2-byte header (at most "
					+ "65535 bytes); nothing more sent" + NL);
			assertThat(result.exitCode()).isEqualTo(2);
		}
	}

	@Test
	void unreachableServerIsOneErrorLineAndExitCodeOne() throws IOException {
		int closedPort = closedPort();

		CommandLineRun result = run("", "client", "--host=127.0.0.1", "--port=" + closedPort, "hello there, anybody home?");

		assertFailedWithNoOutput(result, "127.0.0.1:" + closedPort);
	}

	@Test
	void serverThatHangsUpAtOnceIsOneErrorLineAndExitCodeOne() throws IOException {
		int port = fakeServer((connection, number) -> {
			// accept, then close without reading or replying
		});

		CommandLineRun result = run("", "client", "--host=127.0.0.1", "--port=" + port, "Four score and seven years ago");

		assertFailedWithNoOutput(result, "127.0.0.1:" + port);
	}

	@Test
	void serverThatReadsTheFrameThenHangsUpIsOneErrorLineAndExitCodeOne() throws IOException {
		int port = fakeServer((connection, number) -> readOneFrame(connection.socket()));

		CommandLineRun result = run("", "client", "--host=127.0.0.1", "--port=" + port, "Four score and seven years ago");

		assertFailedWithNoOutput(result, "127.0.0.1:" + port);
	}

	@Test
	void repliesReceivedBeforeTheServerHangsUpStayOnStandardOutput() throws IOException {
		int port = fakeServer((connection, number) -> {
			Socket socket = connection.socket();
			readOneFrame(socket);
			socket.getOutputStream().write(FrameEncoder.DEFAULT.encode("first reply".getBytes(StandardCharsets.UTF_8)));
			readOneFrame(socket);
		});

		CommandLineRun result = run("first line\nsecond line\nthird line\n", "client", "--host=127.0.0.1", "--port=" + port);

		assertThat(result.stdout()).isEqualTo(lines("first reply"));
		assertOneErrorLineNaming(result, "127.0.0.1:" + port);
		assertThat(result.exitCode()).isEqualTo(1);
	}

	@ParameterizedTest
	@MethodSource("badUsage")
	void badUsagePrintsUsageOnStandardErrorAndExitsTwo(List<String> args, String culprit) {
		String[] command = args.stream()
			.map((arg) -> arg.replace(PORT, String.valueOf(this.server.getPort())))
			.toArray(String[]::new);

		CommandLineRun result = run("this line must not be sent\n", command);

		assertThat(result.stdout()).as("nothing is sent on bad usage").isEmpty();
		assertThat(result.stderr()).contains("Usage:").as("the error names what was wrong").contains(culprit);
		assertThat(result.stderr()).doesNotContain("\tat ");
		assertThat(result.exitCode()).isEqualTo(2);
	}

	static Stream<Arguments> badUsage() {
		return Stream.of(usage("--port", "client", "--host=127.0.0.1", "--port=abc", "hello world, hello"),
				usage("--port", "client", "--host=127.0.0.1", "--port=0", "hello world, hello"),
				usage("--port", "client", "--host=127.0.0.1", "--port=70000", "hello world, hello"),
				usage("--port", "client", "--host=127.0.0.1", "--port=-1", "hello world, hello"),
				usage("--buffer-size", "client", "--host=127.0.0.1", "--port=" + PORT, "--buffer-size=0", "hello world, hello"),
				usage("--buffer-size", "client", "--host=127.0.0.1", "--port=" + PORT, "--buffer-size=65537",
						"hello world, hello"),
				usage("--buffer-size", "client", "--host=127.0.0.1", "--port=" + PORT, "--buffer-size=lots",
						"hello world, hello"),
				usage("--nonsense", "client", "--host=127.0.0.1", "--port=" + PORT, "--nonsense", "hello world, hello"),
				usage("--nonsense", "client", "--host=127.0.0.1", "--port=" + PORT, "--nonsense"),
				usage("--prot", "client", "--host=127.0.0.1", "--prot=" + PORT, "hello world, hello"),
				usage("clinet", "clinet", "--host=127.0.0.1", "--port=" + PORT, "hello world, hello"),
				usage("--header-bytes", "client", "--host=127.0.0.1", "--port=" + PORT, "--header-bytes=3", "hello world"),
				usage("--ca-cert needs --tls", "client", "--port=" + PORT, "--ca-cert=ca.pem", "hello world"),
				usage("--client-cert needs --tls", "client", "--port=" + PORT, "--client-cert=c.pem",
						"--client-key=k.pem", "hello world"),
				usage("--client-cert and --client-key go together", "client", "--port=" + PORT, "--tls",
						"--client-cert=c.pem", "hello world"),
				usage("--nonsense", "--nonsense"));
	}

	@Test
	void aClientCertificateThatCannotBeReadIsOneErrorLineNamingTheOption() {
		CommandLineRun result = run("", "client", "--host=127.0.0.1", "--port=" + this.server.getPort(), "--tls",
				"--client-cert=/nonexistent/client.pem", "--client-key=/nonexistent/client-key.pem", "hello world");

		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr()).isEqualTo("error: cannot read --client-cert /nonexistent/client.pem" + NL);
		assertThat(result.exitCode()).isNotZero();
	}

	@Test
	void badUsageErrorQuotesNonAsciiArgumentsAsUtf8() {
		CommandLineRun result = run("", "client", "--host=127.0.0.1", "--port=héllo", "hello world, hello");

		assertThat(result.stderr()).contains("'héllo'").contains("Usage:");
		assertThat(result.exitCode()).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "--help", "-h", "help" })
	void helpPrintsUsageOnStandardOutputAndExitsZero(String help) {
		CommandLineRun result = run("", help);

		assertThat(result.stdout()).contains("Usage:").contains("client").contains("conform").contains("trace");
		assertThat(result.stderr()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "--help", "-h" })
	void clientHelpPrintsClientUsageOnStandardOutputAndExitsZero(String help) {
		CommandLineRun result = run("this line must not be sent\n", "client", help);

		assertThat(result.stdout()).contains("Usage:")
			.contains("--host")
			.contains("--port")
			.contains("--buffer-size")
			.contains("MESSAGE");
		assertThat(result.stderr()).isEmpty();
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void clientAndHelpRunWithoutTheServerWhileServerCommandLinesDoNot() {
		assertThat(CommandLineModes.handles(args("client", "--port=4567", "hi"))).isTrue();
		assertThat(CommandLineModes.handles(args("client"))).isTrue();
		assertThat(CommandLineModes.handles(args("conform", "--port=4567"))).isTrue();
		assertThat(CommandLineModes.handles(args("trace", "--to=localhost:4567"))).isTrue();
		assertThat(CommandLineModes.handles(args("--help"))).isTrue();
		assertThat(CommandLineModes.handles(args("-h"))).isTrue();
		assertThat(CommandLineModes.handles(args("help"))).isTrue();
		assertThat(CommandLineModes.handles(args("clinet"))).as("an unknown mode word is bad usage, not a server")
			.isTrue();

		assertThat(CommandLineModes.handles(args())).isFalse();
		assertThat(CommandLineModes.handles(args("server"))).isFalse();
		assertThat(CommandLineModes.handles(args("server", "--buffered.server.port=5000"))).isFalse();
		assertThat(CommandLineModes.handles(args("--buffered.server.port=5000"))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "--version", "-V" })
	void versionOptionShownInUsageRunsWithoutTheServer(String version) {
		assertThat(run("", "--help").stdout()).as("the usage offers it").contains(version);

		assertThat(CommandLineModes.handles(args(version)))
			.as("main() must not start the server (on the default ports) for '%s'", version)
			.isTrue();
		assertThat(run("", version).exitCode()).isZero();
	}

	private CommandLineRun client(String stdin, String... messagesAndOptions) {
		List<String> args = new ArrayList<>(
				List.of("client", "--host=127.0.0.1", "--port=" + this.server.getPort()));
		args.addAll(Arrays.asList(messagesAndOptions));
		return run(stdin, args.toArray(String[]::new));
	}

	private static CommandLineRun run(String stdin, String... args) {
		return CommandLineRun.run(stdin, args);
	}

	/** Nothing on stdout, one error line naming {@code target}, exit code 1. */
	private static void assertFailedWithNoOutput(CommandLineRun result, String target) {
		assertThat(result.stdout()).isEmpty();
		assertOneErrorLineNaming(result, target);
		assertThat(result.exitCode()).isEqualTo(1);
	}

	private static void assertOneErrorLineNaming(CommandLineRun result, String target) {
		assertThat(result.stderr()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in");
		assertThat(result.stderr().lines()).as("stderr is one line").hasSize(1);
		assertThat(result.stderr()).startsWith("error:").contains(target).endsWith(NL);
	}

	/** @return a port on 127.0.0.1 that nothing listens on */
	private static int closedPort() {
		return FreePorts.freePort();
	}

	/** Start a server that handles each connection with {@code script}, then closes it. */
	private int fakeServer(ScriptedServer.Script script) throws IOException {
		ScriptedServer server = ScriptedServer.start(script);
		this.fakeServers.add(server);
		return server.port();
	}

	private static void readOneFrame(Socket socket) throws IOException {
		DataInputStream in = new DataInputStream(socket.getInputStream());
		int length = in.readInt();
		in.readFully(new byte[length]);
	}

	/** @return {@code codePoints} code points of mixed one- to four-byte characters */
	private static String longMessage(int codePoints) {
		int[] alphabet = "abcdefghij éüß€中文😀🎉".codePoints().toArray();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < codePoints; i++) {
			text.appendCodePoint(alphabet[(i * 7 + i / 13) % alphabet.length]);
		}
		return text.toString();
	}

	private static String lines(String... lines) {
		StringBuilder text = new StringBuilder();
		for (String line : lines) {
			text.append(line).append(NL);
		}
		return text.toString();
	}

	private static String[] args(String... args) {
		return args;
	}

	private static Arguments usage(String culprit, String... args) {
		return Arguments.of(List.of(args), culprit);
	}

}
