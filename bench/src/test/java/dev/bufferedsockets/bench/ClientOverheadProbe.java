package dev.bufferedsockets.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.bufferedsockets.protocol.FrameEncoder;
import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.gateway.BufferedGateway;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.protocol.FrameCodec;
import org.HdrHistogram.Histogram;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 4's client target: our two clients against a raw-socket client, on the same server, one
 * request at a time (64 B, one connection each), every reply checked. The raw client writes a
 * pre-encoded frame and reads the reply into a reused array: what any client must at least do.
 * Each client is first warmed up (the gateway's call path takes the JIT several seconds), then runs
 * {@code repetitions} times, the order rotating, and the medians are compared.
 */
final class ClientOverheadProbe {

	private static final String MESSAGE = "0123456789" + "x".repeat(54); // 64 bytes

	private static final byte[] REPLY = MESSAGE.substring(10).getBytes(StandardCharsets.US_ASCII);

	/**
	 * @param client which client
	 * @param requestsPerSecond median of the runs
	 * @param p50Micros median of the runs' median latency
	 * @param p99Micros median of the runs' 99th percentile
	 */
	record Result(String client, Spread requestsPerSecond, Spread p50Micros, Spread p99Micros) {

		/** @return time per request against the raw client's (1.0 = as fast; issue 4 wants at most 1.2) */
		double costRatio(Result raw) {
			return raw.requestsPerSecond().median() / this.requestsPerSecond().median();
		}

	}

	/** One kind of client: send {@link #MESSAGE}, wait for its reply, check it. */
	private interface Exchange extends AutoCloseable {

		void exchange() throws IOException;

		@Override
		void close() throws IOException;

	}

	private ClientOverheadProbe() {
	}

	static List<Result> run(int port, Duration warmup, Duration duration, int repetitions) throws Exception {
		Map<String, List<double[]>> runs = new LinkedHashMap<>();
		List<String> clients = List.of("raw socket", "BufferedClient", "BufferedGateway");
		clients.forEach(client -> runs.put(client, new ArrayList<>()));
		try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
			.web(WebApplicationType.NONE)
			.run("--buffered.client.host=127.0.0.1", "--buffered.client.port=" + port, "--spring.main.banner-mode=off",
					"--logging.level.root=WARN")) {
			for (String client : clients) {
				try (Exchange exchange = open(client, port, gateway)) {
					measure(exchange, warmup.multipliedBy(3), Duration.ZERO);
				}
			}
			for (int repetition = 0; repetition < repetitions; repetition++) {
				for (int i = 0; i < clients.size(); i++) {
					String client = clients.get((i + repetition) % clients.size());
					try (Exchange exchange = open(client, port, gateway)) {
						runs.get(client).add(measure(exchange, warmup, duration));
					}
				}
			}
		}
		List<Result> results = new ArrayList<>();
		runs.forEach((client, figures) -> results.add(new Result(client, spread(figures, 0), spread(figures, 1),
				spread(figures, 2))));
		return results;
	}

	static String describe(List<Result> results) {
		Result raw = results.get(0);
		StringBuilder text = new StringBuilder();
		for (Result result : results) {
			text.append(String.format(Locale.ROOT, "%n  %-16s %,10.0f req/s [%,.0f-%,.0f]  p50 %,7.1f us  p99 %,8.1f us",
					result.client(), result.requestsPerSecond().median(), result.requestsPerSecond().min(),
					result.requestsPerSecond().max(), result.p50Micros().median(), result.p99Micros().median()));
			if (result != raw) {
				double ratio = result.costRatio(raw);
				text.append(String.format(Locale.ROOT, "  time per request %.2fx raw: %s (goal <= 1.2x)", ratio,
						(ratio <= 1.2) ? "MET" : "not met"));
			}
		}
		return text.toString();
	}

	/** @return requests per second, p50 and p99 in microseconds, of one window after a warmup */
	private static double[] measure(Exchange exchange, Duration warmup, Duration duration) throws IOException {
		long warmupEnd = System.nanoTime() + warmup.toNanos();
		while (System.nanoTime() < warmupEnd) {
			exchange.exchange();
		}
		Histogram latency = new Histogram(3);
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		long requests = 0;
		for (long now = start; now < end; requests++) {
			exchange.exchange();
			long done = System.nanoTime();
			latency.recordValue(Math.max(1, (done - now) / 1000));
			now = done;
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return new double[] { requests / seconds, latency.getValueAtPercentile(50), latency.getValueAtPercentile(99) };
	}

	private static Exchange open(String client, int port, ConfigurableApplicationContext gateway) throws IOException {
		return switch (client) {
			case "raw socket" -> rawSocket(port);
			case "BufferedClient" -> bufferedClient(port);
			default -> gateway(gateway.getBean(BufferedGateway.class));
		};
	}

	private static Exchange rawSocket(int port) throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		byte[] request = FrameEncoder.DEFAULT.encode(MESSAGE.getBytes(StandardCharsets.US_ASCII));
		byte[] reply = new byte[FrameCodec.HEADER_BYTES + REPLY.length];
		OutputStream out = socket.getOutputStream();
		DataInputStream in = new DataInputStream(socket.getInputStream());
		return new Exchange() {

			@Override
			public void exchange() throws IOException {
				out.write(request);
				in.readFully(reply);
				if (!Arrays.equals(reply, FrameCodec.HEADER_BYTES, reply.length, REPLY, 0, REPLY.length)) {
					throw new IOException("wrong reply from the server");
				}
			}

			@Override
			public void close() throws IOException {
				socket.close();
			}

		};
	}

	private static Exchange bufferedClient(int port) throws IOException {
		BufferedClient client = new BufferedClient("127.0.0.1", port, 1024);
		ReceivedMessage expected = new ReceivedMessage(MESSAGE.substring(10), true);
		return new Exchange() {

			@Override
			public void exchange() throws IOException {
				client.sendMessage(MESSAGE);
				if (!client.receiveMessage().equals(expected)) {
					throw new IOException("wrong reply from the server: " + client.failure());
				}
			}

			@Override
			public void close() {
				client.shutdown();
			}

		};
	}

	private static Exchange gateway(BufferedGateway gateway) {
		String expected = MESSAGE.substring(10);
		return new Exchange() {

			@Override
			public void exchange() throws IOException {
				if (!gateway.exchange(MESSAGE).equals(expected)) {
					throw new IOException("wrong reply from the server");
				}
			}

			@Override
			public void close() {
				// the context owns the gateway's connections
			}

		};
	}

	private static Spread spread(List<double[]> figures, int index) {
		return Spread.of(figures.stream().mapToDouble(figure -> figure[index]).toArray());
	}

	/** An application with nothing but the starter's auto-configured gateway. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class GatewayApplication {

	}

}
