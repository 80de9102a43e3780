package dev.bufferedsockets.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/** Gives every {@link ServerTest} an {@link Actuator} on the application's HTTP port. */
@TestConfiguration(proxyBeanMethods = false)
public class ActuatorConfiguration {

	/** Lazy: the HTTP port is known only once the web server has started, after beans are made. */
	@Bean
	@Lazy
	Actuator actuator(Environment environment) {
		return new Actuator(environment.getRequiredProperty("local.server.port", Integer.class));
	}

}
