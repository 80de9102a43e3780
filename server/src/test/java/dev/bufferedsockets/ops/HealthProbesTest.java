package dev.bufferedsockets.ops;

import java.net.http.HttpResponse;

import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes an orchestrator calls, without credentials: liveness says whether to restart the
 * process, readiness whether to send it clients. Stopping the listener (keepRunning false) makes
 * the instance unready, never dead.
 */
@ServerTest
class HealthProbesTest {

	private static final String LIVENESS = "/actuator/health/liveness";

	private static final String READINESS = "/actuator/health/readiness";

	@Autowired
	private BufferedServer server;

	@Autowired
	private Actuator actuator;

	@Test
	void bothProbesAreUpAndPublicWhileListening() throws Exception {
		assertProbe(LIVENESS, 200, "UP");
		assertProbe(READINESS, 200, "UP");
	}

	@Test
	void readinessFollowsKeepRunningWhileLivenessStaysUp() throws Exception {
		this.server.setKeepRunning(false);
		assertProbe(READINESS, 503, "OUT_OF_SERVICE");
		assertProbe(LIVENESS, 200, "UP");

		this.server.setKeepRunning(true);
		assertProbe(READINESS, 200, "UP");
		assertProbe(LIVENESS, 200, "UP");
	}

	@Test
	void readinessIsMadeOfTheApplicationStateAndTheTcpListenerButLivenessNotOfTheListener() throws Exception {
		JsonNode readiness = this.actuator.read(READINESS).get("components");
		assertThat(readiness.propertyNames()).containsExactlyInAnyOrder("readinessState", "tcpServer");

		JsonNode liveness = this.actuator.read(LIVENESS).get("components");
		assertThat(liveness.propertyNames()).containsExactly("livenessState");
	}

	private void assertProbe(String path, int status, String state) throws Exception {
		HttpResponse<String> response = this.actuator.get(path, null, null);
		assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(status);
		assertThat(Actuator.json(response).get("status").asString()).isEqualTo(state);
	}

}
