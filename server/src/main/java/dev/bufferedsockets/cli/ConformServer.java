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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.bufferedsockets.commandline.ExitCodes;
import dev.bufferedsockets.protocol.HeaderFormat;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code conform --serve}: a server for checking someone's client. It answers every valid frame
 * correctly, checks each one ({@link ClientCheck}), and prints a report for each connection once it
 * ends, a thread per connection so a slow client holds up nobody else.
 */
final class ConformServer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HeaderFormat format;

	private final Duration frameTimeout;

	private final Duration idleTimeout;

	private final boolean json;

	private final PrintStream out;

	private final AtomicBoolean anyProblem = new AtomicBoolean();

	ConformServer(HeaderFormat format, Duration frameTimeout, Duration idleTimeout, boolean json, PrintStream out) {
		this.format = format;
		this.frameTimeout = frameTimeout;
		this.idleTimeout = idleTimeout;
		this.json = json;
		this.out = out;
	}

	/**
	 * Listen and check clients until {@code connections} have ended (0 = until the process is stopped).
	 * @return the exit code: 0 if every connection was clean, 1 if one had a problem or the port could not be bound
	 */
	int serve(String bind, int port, int connections, PrintStream err) throws IOException {
		ServerSocketChannel listener = ServerSocketChannel.open();
		try {
			listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			listener.bind(new InetSocketAddress(InetAddress.getByName(bind), port), 50);
		}
		catch (IOException ex) {
			listener.close();
			err.println("error: cannot listen on " + bind + ":" + port + ": " + ex.getMessage());
			return ExitCodes.UNAVAILABLE;
		}
		List<Thread> checks = new ArrayList<>();
		try (listener) {
			announce(bind, ((InetSocketAddress) listener.getLocalAddress()).getPort());
			for (int id = 1; connections == 0 || id <= connections; id++) {
				Socket client = listener.accept().socket();
				ClientCheck check = new ClientCheck(client, id, this.format, this.frameTimeout, this.idleTimeout);
				Thread thread = new Thread(() -> report(check.run()), "conform-client-" + id);
				thread.setDaemon(true);
				thread.start();
				checks.add(thread);
			}
		}
		catch (IOException ex) {
			err.println("error: the listening socket failed: " + ex.getMessage());
			return ExitCodes.UNAVAILABLE;
		}
		for (Thread check : checks) {
			try {
				check.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return ExitCodes.UNAVAILABLE;
			}
		}
		return this.anyProblem.get() ? ExitCodes.UNAVAILABLE : ExitCodes.OK;
	}

	private void announce(String bind, int port) {
		if (this.json) {
			Map<String, Object> listening = new LinkedHashMap<>();
			listening.put("event", "listening");
			listening.put("address", bind);
			listening.put("port", port);
			listening.put("headerBytes", this.format.bytes());
			this.out.println(JSON.writeValueAsString(listening));
		}
		else {
			this.out.println("conform --serve: listening on " + bind + ":" + port + " with " + this.format
					+ "s; each connection is reported when it ends");
		}
	}

	private void report(ClientCheck.Report report) {
		if (!report.clean()) {
			this.anyProblem.set(true);
		}
		String text;
		if (this.json) {
			Map<String, Object> connection = new LinkedHashMap<>();
			connection.put("event", "connection");
			connection.put("id", report.id());
			connection.put("client", report.client());
			connection.put("frames", report.frames());
			connection.put("replies", report.replies());
			connection.put("clean", report.clean());
			connection.put("ending", report.ending());
			connection.put("problems", report.problems());
			text = JSON.writeValueAsString(connection);
		}
		else {
			StringBuilder lines = new StringBuilder();
			lines.append("connection ").append(report.id()).append(" from ").append(report.client()).append(": ")
				.append(report.clean() ? "OK" : "PROBLEM").append(": ").append(report.frames())
				.append(report.frames() == 1 ? " frame" : " frames").append(" received, ").append(report.replies())
				.append(" answered; ").append(report.ending());
			report.problems().forEach(problem -> lines.append(System.lineSeparator()).append("    ").append(problem));
			text = lines.toString();
		}
		this.out.println(text); // one call: reports of connections ending together stay whole
	}

}
