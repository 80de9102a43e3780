package dev.bufferedsockets.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.bufferedsockets.commandline.DurationConverter;
import dev.bufferedsockets.commandline.ExitCodes;
import dev.bufferedsockets.commandline.OptionRange;
import dev.bufferedsockets.commandline.VersionProvider;
import dev.bufferedsockets.protocol.HeaderFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trace}: a forwarding proxy that prints every frame in both directions as it passes, for
 * watching a client and a server talk. Bytes are forwarded unchanged and in order; a frame is shown
 * from its first bytes, never held whole, so a large one passes as easily as a small one.
 */
@Command(name = "trace", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = { "Forward connections from --listen to --to and print every frame in both directions as it "
				+ "passes: connection, direction, header value, payload bytes, the text (escaped, shortened), how TCP "
				+ "split or joined it, and what is wrong with it." },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:--connections connections were traced", "1:the port could not be listened on",
				"2:bad usage" })
final class TraceCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--listen", defaultValue = "4568", paramLabel = "PORT",
			description = "port to accept clients on, 0 = any (default: ${DEFAULT-VALUE})")
	private int listenPort;

	@Option(names = "--bind", defaultValue = "127.0.0.1",
			description = "address to accept clients on (default: ${DEFAULT-VALUE}, this machine only)")
	private String bind;

	@Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "the server to forward to")
	private String to;

	@Option(names = "--hex", description = "add a hex dump of each frame's header and first payload bytes")
	private boolean hex;

	@Option(names = "--header-bytes", defaultValue = "4", paramLabel = "4|2", converter = HeaderBytesConverter.class,
			description = HeaderBytesConverter.DESCRIPTION)
	private HeaderFormat headerFormat;

	@Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
			description = "longest wait to connect to the server for each client (default: ${DEFAULT-VALUE})")
	private Duration timeout;

	@Option(names = "--connections", defaultValue = "0",
			description = "exit once this many connections have closed, 0 = run until stopped (default: ${DEFAULT-VALUE})")
	private int connections;

	private final PrintStream stdout;

	private final PrintStream stderr;

	TraceCommand(PrintStream stdout, PrintStream stderr) {
		this.stdout = stdout;
		this.stderr = stderr;
	}

	@Override
	public Integer call() throws IOException {
		OptionRange.check(this.spec, "--listen", this.listenPort, 0, 65535);
		OptionRange.check(this.spec, "--timeout (ms)", this.timeout.toMillis(), 1, Duration.ofHours(1).toMillis());
		OptionRange.check(this.spec, "--connections", this.connections, 0, Integer.MAX_VALUE);
		InetSocketAddress target = target();
		ServerSocketChannel listener = ServerSocketChannel.open();
		try {
			listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			listener.bind(new InetSocketAddress(InetAddress.getByName(this.bind), this.listenPort), 50);
		}
		catch (IOException ex) {
			listener.close();
			this.stderr.println("error: cannot listen on " + this.bind + ":" + this.listenPort + ": " + ex.getMessage());
			return ExitCodes.UNAVAILABLE;
		}
		List<Thread> traced = new ArrayList<>();
		try (listener) {
			int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
			this.stdout.println("trace: listening on " + this.bind + ":" + port + ", forwarding to "
					+ TraceConnection.describe(target) + " with " + this.headerFormat + "s");
			for (int id = 1; this.connections == 0 || id <= this.connections; id++) {
				Socket client = listener.accept().socket();
				TraceConnection connection = new TraceConnection(id, client, target, this.headerFormat, this.hex,
						this.timeout, this.stdout);
				Thread thread = new Thread(connection::run, "trace-" + id + "-client-to-server");
				thread.setDaemon(true);
				thread.start();
				traced.add(thread);
			}
		}
		catch (IOException ex) {
			this.stderr.println("error: the listening socket failed: " + ex.getMessage());
			return ExitCodes.UNAVAILABLE;
		}
		for (Thread thread : traced) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return ExitCodes.UNAVAILABLE;
			}
		}
		return ExitCodes.OK;
	}

	/** @return {@code --to} as an unresolved address: {@code host:port}, {@code [::1]:port} for IPv6 */
	private InetSocketAddress target() {
		int colon = this.to.lastIndexOf(':');
		String host = (colon > 0) ? this.to.substring(0, colon) : "";
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port;
		try {
			port = Integer.parseInt(this.to.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			port = -1;
		}
		if (host.isEmpty() || port < 1 || port > 65535) {
			throw new ParameterException(this.spec.commandLine(),
					"--to must be HOST:PORT with a port from 1 to 65535, was '" + this.to + "'");
		}
		return new InetSocketAddress(host, port);
	}

}
