package dev.bufferedsockets.ops;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /actuator/tcpserver}: state, connections and counters, and the keepRunning toggle. */
@ServerTest
class TcpServerEndpointTest {

	@Autowired
	private BufferedServer server;

	@Autowired
	private Actuator actuator;

	@Test
	void reportsTheListenerAndItsSettings() throws Exception {
		JsonNode status = this.actuator.read("/actuator/tcpserver");
		assertThat(status.get("keepRunning").asBoolean()).isTrue();
		assertThat(status.get("listening").asBoolean()).isTrue();
		assertThat(status.get("bindAddress").asString()).isEqualTo("127.0.0.1");
		assertThat(status.get("port").asInt()).isEqualTo(this.server.getPort()).isPositive();
		assertThat(status.get("bufferSize").asInt()).isEqualTo(65536);
		assertThat(status.get("maxMessageBytes").asInt()).isEqualTo(16 * 1024 * 1024);
		assertThat(status.get("errors").isObject()).isTrue();
	}

	@Test
	void listsEachOpenConnectionWithItsCountersAfterTraffic() throws Exception {
		long totalBefore = this.actuator.read("/actuator/tcpserver").get("totalConnections").asLong();
		try (BufferedClient client = new BufferedClient("127.0.0.1", this.server.getPort(), 1024)) {
			client.sendMessage("0123456789abc"); // 13 bytes in, 3 bytes out
			client.sendMessage("0123456789é"); // 12 bytes in, 2 bytes out
			assertThat(client.receiveMessage().ok()).isTrue();
			assertThat(client.receiveMessage().ok()).isTrue();
			int localPort = client.localPort();

			// The server counts a reply just after writing it, so the client may read it first: poll.
			await().untilAsserted(() -> {
				JsonNode status = this.actuator.read("/actuator/tcpserver");
				assertThat(status.get("totalConnections").asLong()).isGreaterThanOrEqualTo(totalBefore + 1);
				assertThat(status.get("openConnections").asInt()).isEqualTo(status.get("connections").size());
				JsonNode mine = connectionOnPort(status, localPort);
				assertThat(mine).as("our connection in %s", status).isNotNull();
				assertThat(mine.get("id").asString()).isNotBlank();
				assertThat(mine.get("remoteAddress").asString()).isEqualTo("127.0.0.1");
				assertThat(Instant.parse(mine.get("connectedAt").asString())).isBeforeOrEqualTo(Instant.now());
				assertThat(mine.get("messagesIn").asLong()).isEqualTo(2);
				assertThat(mine.get("messagesOut").asLong()).isEqualTo(2);
				assertThat(mine.get("bytesIn").asLong()).isEqualTo(4 + 13 + 4 + 12);
				assertThat(mine.get("bytesOut").asLong()).isEqualTo(4 + 3 + 4 + 2);
			});

			client.shutdown();
			await().untilAsserted(
					() -> assertThat(connectionOnPort(this.actuator.read("/actuator/tcpserver"), localPort)).isNull());
		}
	}

	@Test
	void totalsCountEveryConnectionsTrafficSinceStart() throws Exception {
		JsonNode before = this.actuator.read("/actuator/tcpserver");
		try (BufferedClient first = new BufferedClient("127.0.0.1", this.server.getPort(), 1024);
				BufferedClient second = new BufferedClient("127.0.0.1", this.server.getPort(), 1024)) {
			first.sendMessage("0123456789abc"); // 17 bytes in, 7 out
			second.sendMessage("0123456789é"); // 16 bytes in, 6 out
			assertThat(first.receiveMessage().ok()).isTrue();
			assertThat(second.receiveMessage().ok()).isTrue();
		}
		await().untilAsserted(() -> {
			JsonNode after = this.actuator.read("/actuator/tcpserver");
			assertThat(delta(before, after, "messagesIn")).isEqualTo(2);
			assertThat(delta(before, after, "messagesOut")).isEqualTo(2);
			assertThat(delta(before, after, "bytesIn")).isEqualTo(17 + 16);
			assertThat(delta(before, after, "bytesOut")).isEqualTo(7 + 6);
		});
	}

	@Test
	void toggleStopsAndResumesTheListenerWithHealthFollowing() throws Exception {
		BufferedClient connected = new BufferedClient("127.0.0.1", this.server.getPort(), 1024);
		try {
			// The connected client reads while the server drains, as a real client would.
			var stopping = CompletableFuture.supplyAsync(() -> post("{\"keepRunning\": false}"));
			assertThat(connected.receiveMessage().ok()).as("an open client sees the close").isFalse();
			var off = stopping.get(30, TimeUnit.SECONDS);
			assertThat(off.statusCode()).isEqualTo(200);
			assertThat(Actuator.json(off).get("keepRunning").asBoolean()).isFalse();
			assertThat(Actuator.json(off).get("listening").asBoolean()).isFalse();
			assertThat(Actuator.json(off).get("openConnections").asInt()).isZero();
			assertThat(refusesConnections()).isTrue();

			var health = this.actuator.get("/actuator/health", null, null);
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(Actuator.json(health).get("status").asString()).isEqualTo("OUT_OF_SERVICE");

			var on = post("{\"keepRunning\": true}");
			assertThat(on.statusCode()).isEqualTo(200);
			assertThat(Actuator.json(on).get("keepRunning").asBoolean()).isTrue();
			assertThat(Actuator.json(on).get("listening").asBoolean()).isTrue();
			assertThat(this.actuator.get("/actuator/health", null, null).statusCode()).isEqualTo(200);
			try (BufferedClient fresh = new BufferedClient("127.0.0.1", this.server.getPort(), 1024)) {
				fresh.sendMessage("0123456789back");
				assertThat(fresh.receiveMessage().payload()).isEqualTo("back");
			}
		}
		finally {
			connected.shutdown();
		}
	}

	@Test
	void toggleWithoutTheKeepRunningFieldIsABadRequest() throws Exception {
		var response = this.actuator.post("/actuator/tcpserver", "{}", ServerTest.USER, ServerTest.PASSWORD);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.server.isListening()).isTrue();
	}

	private HttpResponse<String> post(String json) {
		try {
			return this.actuator.post("/actuator/tcpserver", json, ServerTest.USER, ServerTest.PASSWORD);
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private boolean refusesConnections() {
		try (Socket socket = new Socket("127.0.0.1", this.server.getPort())) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static long delta(JsonNode before, JsonNode after, String total) {
		return after.get(total).asLong() - before.get(total).asLong();
	}

	private static JsonNode connectionOnPort(JsonNode status, int port) {
		for (JsonNode connection : status.get("connections")) {
			if (connection.get("remotePort").asInt() == port) {
				return connection;
			}
		}
		return null;
	}

}
