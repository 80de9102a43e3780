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
import dev.bufferedsockets.protocol.HeaderFormat;
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
				"2:bad usage, or a message too long for --header-bytes 2" })
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

	@Option(names = "--header-bytes", defaultValue = "4", paramLabel = "4|2", converter = HeaderBytesConverter.class,
			description = HeaderBytesConverter.DESCRIPTION)
	private HeaderFormat headerFormat;

	@Option(names = "--tls", description = "connect with TLS, checking the server's certificate")
	private boolean tls;

	@Option(names = "--ca-cert", paramLabel = "FILE",
			description = "PEM certificate(s) to trust for --tls instead of the JDK's default authorities")
	private Path caCertificate;

	@Option(names = "--client-cert", paramLabel = "FILE",
			description = "PEM certificate (chain) to present for --tls, for a server with client-auth; with --client-key")
	private Path clientCertificate;

	@Option(names = "--client-key", paramLabel = "FILE", description = "PEM private key of --client-cert (unencrypted)")
	private Path clientKey;

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
		if ((this.caCertificate != null || this.clientCertificate != null || this.clientKey != null) && !this.tls) {
			throw new ParameterException(this.spec.commandLine(),
					(this.caCertificate != null ? "--ca-cert" : this.clientCertificate != null ? "--client-cert" : "--client-key")
							+ " needs --tls");
		}
		if ((this.clientCertificate == null) != (this.clientKey == null)) {
			throw new ParameterException(this.spec.commandLine(), "--client-cert and --client-key go together");
		}
		for (int i = 0; i < this.messages.size(); i++) {
			int bytes = this.messages.get(i).getBytes(StandardCharsets.UTF_8).length;
			if (!this.headerFormat.fits(bytes)) {
				throw new ParameterException(this.spec.commandLine(), "MESSAGE " + (i + 1) + " is " + bytes
						+ " bytes of UTF-8; a " + this.headerFormat + " announces at most " + this.headerFormat.maxLength());
			}
		}
		try (BufferedClient client = new BufferedClient(this.host, this.port, this.bufferSize,
				Duration.ofSeconds(this.timeoutSeconds), this.tls ? TlsContexts.of(this.caCertificate, this.clientCertificate, this.clientKey) : null,
				this.headerFormat)) {
			return this.messages.isEmpty() ? exchangeLines(client) : exchangeAll(client, this.messages);
		}
		catch (IOException ex) {
			this.stderr.println("error: " + ex.getMessage());
			return ExitCodes.UNAVAILABLE;
		}
	}

	private int exchangeAll(BufferedClient client, List<String> messages) {
		for (String message : messages) {
			int exitCode = exchange(client, message);
			if (exitCode != ExitCodes.OK) {
				return exitCode;
			}
		}
		return ExitCodes.OK;
	}

	private int exchangeLines(BufferedClient client) throws IOException {
		BufferedReader lines = new BufferedReader(new InputStreamReader(this.stdin, StandardCharsets.UTF_8));
		for (String line = lines.readLine(); line != null; line = lines.readLine()) {
			int exitCode = exchange(client, line);
			if (exitCode != ExitCodes.OK) {
				return exitCode;
			}
		}
		return ExitCodes.OK;
	}

	private int exchange(BufferedClient client, String message) {
		try {
			client.sendMessage(message);
		}
		catch (IllegalArgumentException unsendable) {
			this.stderr.println("error: " + unsendable.getMessage() + "; nothing more sent");
			return ExitCodes.USAGE;
		}
		ReceivedMessage reply = client.receiveMessage();
		if (!reply.ok()) {
			IOException failure = client.failure();
			this.stderr.println("error: no reply from " + client.target() + ": "
					+ ((failure != null) ? failure.getMessage() : "connection failed"));
			return ExitCodes.UNAVAILABLE;
		}
		this.stdout.println(reply.payload());
		return ExitCodes.OK;
	}

}
