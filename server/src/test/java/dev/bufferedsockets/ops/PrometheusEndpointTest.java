package dev.bufferedsockets.ops;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.PrometheusScrape;
import dev.bufferedsockets.support.ServerTest;
import dev.bufferedsockets.testing.RawConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} and {@code /actuator/metrics}: the server's meters, named and tagged
 * as Micrometer and Prometheus expect, counting real traffic, behind the operator's credentials.
 */
@ServerTest
class PrometheusEndpointTest {

	private static final Map<String, String> IN = Map.of("direction", "in");

	private static final Map<String, String> OUT = Map.of("direction", "out");

	private static final Map<String, String> ANY = Map.of();

	@Autowired
	private BufferedServer server;

	@Autowired
	private Actuator actuator;

	@Test
	void scrapingNeedsTheOperatorsCredentials() throws Exception {
		assertThat(this.actuator.get("/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
		assertThat(this.actuator.get("/actuator/prometheus", ServerTest.USER, "wrong").statusCode()).isEqualTo(401);
		assertThat(this.actuator.get("/actuator/metrics", null, null).statusCode()).isEqualTo(401);

		HttpResponse<String> scrape = this.actuator.get("/actuator/prometheus", ServerTest.USER, ServerTest.PASSWORD);
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
	}

	@Test
	void framesBytesRepliesAndConnectionsCountRealTraffic() throws Exception {
		PrometheusScrape before = scrape();
		List<String> messages = List.of("0123456789abc", "0123456789é", "short");
		long bytesIn = messages.stream().mapToLong((m) -> 4 + m.getBytes(StandardCharsets.UTF_8).length).sum();
		long bytesOut = 4 + 3 + 4 + 2 + 4;

		try (BufferedClient client = new BufferedClient("127.0.0.1", this.server.getPort(), 1024)) {
			messages.forEach(client::sendMessage);
			for (String message : messages) {
				assertThat(client.receiveMessage().ok()).as("reply to %s", message).isTrue();
			}
			// The server counts a reply just after writing it, so the client may read it first: poll.
			await().untilAsserted(() -> {
				PrometheusScrape after = scrape();
				assertThat(delta(before, after, "buffered_server_frames_total", IN)).isEqualTo(3);
				assertThat(delta(before, after, "buffered_server_frames_total", OUT)).isEqualTo(3);
				assertThat(delta(before, after, "buffered_server_bytes_total", IN)).isEqualTo(bytesIn);
				assertThat(delta(before, after, "buffered_server_bytes_total", OUT)).isEqualTo(bytesOut);
				assertThat(delta(before, after, "buffered_server_replies_seconds_count", ANY)).isEqualTo(3);
				assertThat(delta(before, after, "buffered_server_connections_accepted_total", ANY)).isEqualTo(1);
				assertThat(after.valueOrZero("buffered_server_connections_open", ANY)).isGreaterThanOrEqualTo(1);
			});
		}
	}

	@Test
	void replyLatencyIsAHistogramPrometheusCanTakePercentilesOf() throws Exception {
		try (BufferedClient client = new BufferedClient("127.0.0.1", this.server.getPort(), 1024)) {
			client.sendMessage("0123456789 timed");
			assertThat(client.receiveMessage().ok()).isTrue();
		}
		await().untilAsserted(() -> {
			PrometheusScrape scrape = scrape();
			List<PrometheusScrape.Sample> buckets = scrape.samples("buffered_server_replies_seconds_bucket", ANY);
			assertThat(buckets).as("histogram buckets for histogram_quantile()").hasSizeGreaterThan(10);
			assertThat(buckets).extracting((bucket) -> bucket.labels().get("le")).contains("+Inf");
			double count = scrape.valueOrZero("buffered_server_replies_seconds_count", ANY);
			assertThat(count).isPositive();
			assertThat(scrape.value("buffered_server_replies_seconds_bucket", Map.of("le", "+Inf")))
				.hasValue(count);
			assertThat(scrape.text()).contains("# TYPE buffered_server_replies_seconds histogram");
		});
	}

	@Test
	void connectionsClosedByBadInputAreCountedByCause() throws Exception {
		Map<String, String> invalidUtf8 = Map.of("cause", "invalid-utf8");
		double before = scrape().valueOrZero("buffered_server_connection_errors_total", invalidUtf8);
		try (RawConnection raw = new RawConnection(this.server.getPort())) {
			raw.write(new byte[] { 0, 0, 0, 2, (byte) 0xC3, 0x28 });
			assertThat(raw.closedByServer()).isTrue();
		}
		await().untilAsserted(() -> assertThat(
				scrape().valueOrZero("buffered_server_connection_errors_total", invalidUtf8) - before)
			.isEqualTo(1));
	}

	@Test
	void everyMeterCarriesTheApplicationTagAndADescription() throws Exception {
		PrometheusScrape scrape = scrape();
		for (String family : List.of("buffered_server_frames_total", "buffered_server_bytes_total",
				"buffered_server_replies_seconds", "buffered_server_connections_open",
				"buffered_server_connections_accepted_total")) {
			assertThat(scrape.text()).as("HELP of %s", family).containsPattern("# HELP " + family + " \\S");
		}
		assertThat(scrape.samples("buffered_server_frames_total", Map.of("application", "buffered-sockets")))
			.hasSize(2);
	}

	@Test
	void metricsEndpointShowsTheSameMetersWithTheirTags() throws Exception {
		JsonNode frames = this.actuator.read("/actuator/metrics/buffered.server.frames");
		assertThat(frames.get("description").asString()).isNotBlank();
		assertThat(frames.get("availableTags").findValuesAsString("tag")).contains("direction");

		JsonNode replies = this.actuator.read("/actuator/metrics/buffered.server.replies");
		assertThat(replies.get("baseUnit").asString()).isEqualTo("seconds");
		assertThat(replies.get("measurements").findValuesAsString("statistic")).contains("COUNT", "TOTAL_TIME", "MAX");

		JsonNode names = this.actuator.read("/actuator/metrics").get("names");
		assertThat(names.valueStream().map(JsonNode::asString)).contains("buffered.server.frames",
				"buffered.server.bytes", "buffered.server.replies", "buffered.server.connections.open",
				"buffered.server.connections.accepted");
	}

	private PrometheusScrape scrape() throws Exception {
		HttpResponse<String> response = this.actuator.get("/actuator/prometheus", ServerTest.USER,
				ServerTest.PASSWORD);
		assertThat(response.statusCode()).as(response::body).isEqualTo(200);
		return new PrometheusScrape(response.body());
	}

	private static double delta(PrometheusScrape before, PrometheusScrape after, String name,
			Map<String, String> labels) {
		return after.valueOrZero(name, labels) - before.valueOrZero(name, labels);
	}

}
