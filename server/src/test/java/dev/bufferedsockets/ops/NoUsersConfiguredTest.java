package dev.bufferedsockets.ops;

import dev.bufferedsockets.BufferedSocketsApplication;
import dev.bufferedsockets.support.Actuator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Never a default password: with no HTTP user configured the application starts (the TCP server
 * is what it is for), no one can sign in, health stays public, and the log says in one line how to
 * add users. Boot's generated password is gone.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoUsersConfiguredTest {

	@Test
	void noOneCanSignInAndTheLogSaysHowToAddUsers(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(BufferedSocketsApplication.class,
				"--server.port=0", "--buffered.server.port=0", "--buffered.server.bind-address=127.0.0.1",
				"--spring.main.banner-mode=off")) {
			Actuator http = new Actuator(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));

			assertThat(output.getOut().lines().filter((line) -> line.contains("No HTTP user is configured")))
				.singleElement()
				.satisfies((line) -> assertThat(line).contains("WARN").endsWith(HttpUsers.NO_USERS));
			assertThat(output.getOut()).doesNotContainIgnoringCase("generated security password")
				.doesNotContain("HTTP users:");

			assertThat(http.get("/actuator/health", null, null).statusCode()).isEqualTo(200);
			assertThat(http.get("/", null, null).statusCode()).isEqualTo(200);
			assertThat(http.get("/actuator/tcpserver", null, null).statusCode()).isEqualTo(401);
			for (String user : new String[] { "user", "admin", "operator" }) {
				for (String password : new String[] { "", "user", "password", "admin" }) {
					assertThat(http.get("/actuator/tcpserver", user, password).statusCode()).isEqualTo(401);
				}
			}
			assertThat(http.post("/actuator/tcpserver", "{\"keepRunning\": false}", "user", "").statusCode())
				.isEqualTo(401);
		}
	}

}
