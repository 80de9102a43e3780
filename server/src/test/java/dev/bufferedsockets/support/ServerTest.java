package dev.bufferedsockets.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a free TCP port (below the ephemeral range, see {@link dev.bufferedsockets.test.FreePorts}) and
 * an ephemeral HTTP port. Every class with this annotation with the same extra configuration
 * shares one cached application context; keepRunning is set back to true after each test
 * ({@link RestoreKeepRunning}), so a test may stop the listener and leave it to that. An
 * {@link Actuator} on the HTTP port can be autowired. Two HTTP users: {@link #USER}, an
 * operator, and {@link #VIEWER}, a viewer.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ActuatorConfiguration.class)
@ExtendWith(RestoreKeepRunning.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "buffered.server.bind-address=127.0.0.1", "buffered.client.host=127.0.0.1",
				"buffered.client.port=${buffered.server.port}",
				"buffered.security.users[0].name=" + ServerTest.USER,
				"buffered.security.users[0].password=" + ServerTest.PASSWORD,
				"buffered.security.users[0].role=OPERATOR",
				"buffered.security.users[1].name=" + ServerTest.VIEWER,
				"buffered.security.users[1].password={bcrypt}" + ServerTest.VIEWER_PASSWORD_HASH,
				"buffered.security.users[1].role=VIEWER" })
@ContextConfiguration(initializers = TestPortInitializer.class)
public @interface ServerTest {

	/** An operator, with a plain-text password. */
	String USER = "operator";

	String PASSWORD = "test-password";

	/** A viewer, configured with a bcrypt hash of its password. */
	String VIEWER = "viewer";

	String VIEWER_PASSWORD = "viewer-password";

	/** {@code htpasswd -bnBC 4 "" viewer-password | tr -d ':\n'}: cost 4, the fastest to check. */
	String VIEWER_PASSWORD_HASH = "$2y$04$nYkx2gVuvzCmzcXXi2XiVeIcyDBcPoNFWj7SibsLYIosybYL0ynne";

}
