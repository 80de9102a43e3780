package dev.bufferedsockets.cli;

import dev.bufferedsockets.commandline.VersionProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.commandline.ExitCodes;
import dev.bufferedsockets.commandline.OptionRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code client}: send messages and print each reply on its own line. Messages come from the
 * arguments, or from standard input one line at a time. Standard output carries the replies and
 * nothing else, so the command composes in pipelines.
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "Send each MESSAGE (or, with none, each line of standard input) to a buffered-sockets "
				+ "server and print each reply on its own line.",
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:every message got its reply", "1:the server could not be reached or hung up",
				"2:bad usage" })
class ClientCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--host", defaultValue = "localhost", description = "server host (default: ${DEFAULT-VALUE})")
	private String host;

	@Option(names = "--port", defaultValue = "4567", description = "server TCP port (default: ${DEFAULT-VALUE})")
	private int port;

	@Option(names = "--buffer-size", defaultValue = "1024",
			description = "most bytes read per socket call, 1-65536 (default: ${DEFAULT-VALUE})")
	private int bufferSize;

	@Option(names = "--timeout", defaultValue = "30",
			description = "seconds to wait for each reply, 0 = forever (default: ${DEFAULT-VALUE})")
	private int timeoutSeconds;

	@Option(names = "--tls", description = "connect with TLS, checking the server's certificate")
	private boolean tls;

	@Option(names = "--ca-cert", paramLabel = "FILE",
			description = "PEM certificate(s) to trust for --tls instead of the JDK's default authorities")
	private Path caCertificate;

	@Parameters(paramLabel = "MESSAGE", arity = "0..*", description = "messages to send; none = read standard input")
	private List<String> messages = new ArrayList<>();

	private final InputStream stdin;

	private final PrintStream stdout;

	private final PrintStream stderr;

	ClientCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
		this.stdin = stdin;
		this.stdout = stdout;
		this.stderr = stderr;
	}

	@Override
	public Integer call() {
		OptionRange.check(this.spec, "--port", this.port, 1, 65535);
		OptionRange.check(this.spec, "--buffer-size", this.bufferSize, 1, 65536);
		OptionRange.check(this.spec, "--timeout", this.timeoutSeconds, 0, Integer.MAX_VALUE / 1000);
		if (this.caCertificate != null && !this.tls) {
			throw new ParameterException(this.spec.commandLine(), "--ca-cert needs --tls");
		}
		try (BufferedClient client = new BufferedClient(this.host, this.port, this.bufferSize,
				Duration.ofSeconds(this.timeoutSeconds), this.tls ? TlsContexts.trusting(this.caCertificate) : null)) {
			return this.messages.isEmpty() ? exchangeLines(client) : exchangeAll(client, this.messages);
		}
		catch (IOException ex) {
			this.stderr.println("error: " + ex.getMessage());
			return ExitCodes.UNAVAILABLE;
		}
	}

	private int exchangeAll(BufferedClient client, List<String> messages) {
		for (String message : messages) {
			if (!exchange(client, message)) {
				return ExitCodes.UNAVAILABLE;
			}
		}
		return ExitCodes.OK;
	}

	private int exchangeLines(BufferedClient client) throws IOException {
		BufferedReader lines = new BufferedReader(new InputStreamReader(this.stdin, StandardCharsets.UTF_8));
		for (String line = lines.readLine(); line != null; line = lines.readLine()) {
			if (!exchange(client, line)) {
				return ExitCodes.UNAVAILABLE;
			}
		}
		return ExitCodes.OK;
	}

	private boolean exchange(BufferedClient client, String message) {
		client.sendMessage(message);
		ReceivedMessage reply = client.receiveMessage();
		if (!reply.ok()) {
			IOException failure = client.failure();
			this.stderr.println("error: no reply from " + client.target() + ": "
					+ ((failure != null) ? failure.getMessage() : "connection failed"));
			return false;
		}
		this.stdout.println(reply.payload());
		return true;
	}

}
