package dev.bufferedsockets.ops;

import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health and info are public; reading the other actuator endpoints needs a viewer or an operator,
 * and the keepRunning switch an operator. The test's viewer is configured with a bcrypt hash, its
 * operator with a plain-text password.
 */
@ServerTest
class ActuatorSecurityTest {

	private static final String STOP = "{\"keepRunning\": false}";

	@Autowired
	private Actuator actuator;

	@Autowired
	private BufferedServer server;

	@Test
	void healthIsOpenToAnyone() throws Exception {
		assertThat(this.actuator.get("/actuator/health", null, null).statusCode()).isEqualTo(200);
		assertThat(this.actuator.get("/actuator/info", null, null).statusCode()).isEqualTo(200);
	}

	@Test
	void tcpServerEndpointWithoutCredentialsIs401() throws Exception {
		var response = this.actuator.get("/actuator/tcpserver", null, null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				value -> assertThat(value).startsWith("Basic"));
	}

	@Test
	void tcpServerEndpointWithWrongPasswordIs401() throws Exception {
		assertThat(this.actuator.get("/actuator/tcpserver", ServerTest.USER, "wrong").statusCode()).isEqualTo(401);
		assertThat(this.actuator.get("/actuator/tcpserver", ServerTest.VIEWER, "wrong").statusCode()).isEqualTo(401);
		assertThat(this.actuator.get("/actuator/tcpserver", ServerTest.VIEWER, ServerTest.VIEWER_PASSWORD_HASH)
			.statusCode()).as("the hash is not the password").isEqualTo(401);
		assertThat(this.actuator.get("/actuator/tcpserver", "intruder", ServerTest.PASSWORD).statusCode())
			.isEqualTo(401);
	}

	@Test
	void toggleWithoutOrWithWrongCredentialsIs401AndChangesNothing() throws Exception {
		assertThat(this.actuator.post("/actuator/tcpserver", STOP, null, null).statusCode()).isEqualTo(401);
		assertThat(this.actuator.post("/actuator/tcpserver", STOP, ServerTest.USER, "wrong").statusCode())
			.isEqualTo(401);
		assertThat(this.actuator.read("/actuator/tcpserver").get("keepRunning").asBoolean()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/tcpserver", "/actuator/metrics",
			"/actuator/metrics/buffered.server.connections.open", "/actuator/prometheus" })
	void viewerReadsEveryEndpoint(String path) throws Exception {
		var response = this.actuator.get(path, ServerTest.VIEWER, ServerTest.VIEWER_PASSWORD);
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
	}

	@Test
	void viewerSeesHealthDetails() throws Exception {
		JsonNode health = this.actuator.read("/actuator/health", ServerTest.VIEWER, ServerTest.VIEWER_PASSWORD);
		assertThat(health.get("components").get("tcpServer").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void viewerIsToldItCannotToggleAndItsToggleIs403AndChangesNothing() throws Exception {
		JsonNode status = this.actuator.read("/actuator/tcpserver", ServerTest.VIEWER, ServerTest.VIEWER_PASSWORD);
		assertThat(status.get("canToggle").asBoolean()).isFalse();
		assertThat(status.get("keepRunning").asBoolean()).isTrue();

		var response = this.actuator.post("/actuator/tcpserver", STOP, ServerTest.VIEWER, ServerTest.VIEWER_PASSWORD);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(this.server.isKeepRunning()).isTrue();
		assertThat(this.server.isListening()).isTrue();
	}

	@Test
	void operatorIsToldItCanToggleAndToggles() throws Exception {
		assertThat(this.actuator.read("/actuator/tcpserver").get("canToggle").asBoolean()).isTrue();

		var response = this.actuator.post("/actuator/tcpserver", STOP, ServerTest.USER, ServerTest.PASSWORD);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode status = Actuator.json(response);
		assertThat(status.get("keepRunning").asBoolean()).isFalse();
		assertThat(status.get("canToggle").asBoolean()).isTrue();
		assertThat(this.server.isKeepRunning()).isFalse();
	}

	@Test
	void otherActuatorEndpointsNeedCredentialsToo() throws Exception {
		assertThat(this.actuator.get("/actuator", null, null).statusCode()).isEqualTo(401);
		assertThat(this.actuator.get("/actuator", ServerTest.USER, ServerTest.PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	void healthDetailsAreShownOnlyToSignedInUsers() throws Exception {
		var anonymous = Actuator.json(this.actuator.get("/actuator/health", null, null));
		assertThat(anonymous.has("components")).isFalse();
		var operator = this.actuator.read("/actuator/health");
		assertThat(operator.get("components").get("tcpServer").get("status").asString()).isEqualTo("UP");
	}

}
