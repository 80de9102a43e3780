package dev.bufferedsockets.ops;

import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Health and info are public; every other actuator endpoint wants HTTP Basic as Boot's user. */
@ServerTest
class ActuatorSecurityTest {

	@Autowired
	private Actuator actuator;

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
		assertThat(this.actuator.get("/actuator/tcpserver", "intruder", ServerTest.PASSWORD).statusCode())
			.isEqualTo(401);
	}

	@Test
	void toggleWithoutOrWithWrongCredentialsIs401AndChangesNothing() throws Exception {
		assertThat(this.actuator.post("/actuator/tcpserver", "{\"keepRunning\": false}", null, null).statusCode())
			.isEqualTo(401);
		assertThat(this.actuator.post("/actuator/tcpserver", "{\"keepRunning\": false}", ServerTest.USER, "wrong")
			.statusCode()).isEqualTo(401);
		assertThat(this.actuator.read("/actuator/tcpserver").get("keepRunning").asBoolean()).isTrue();
	}

	@Test
	void otherActuatorEndpointsNeedCredentialsToo() throws Exception {
		assertThat(this.actuator.get("/actuator", null, null).statusCode()).isEqualTo(401);
		assertThat(this.actuator.get("/actuator", ServerTest.USER, ServerTest.PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	void healthDetailsAreShownOnlyToTheAuthenticatedUser() throws Exception {
		var anonymous = Actuator.json(this.actuator.get("/actuator/health", null, null));
		assertThat(anonymous.has("components")).isFalse();
		var operator = this.actuator.read("/actuator/health");
		assertThat(operator.get("components").get("tcpServer").get("status").asString()).isEqualTo("UP");
	}

}
