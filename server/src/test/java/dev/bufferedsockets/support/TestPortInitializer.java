package dev.bufferedsockets.support;

import java.util.Map;

import dev.bufferedsockets.test.FreePorts;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Gives each test application context its own TCP port from {@link dev.bufferedsockets.test.FreePorts}. */
public class TestPortInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment().getPropertySources().addFirst(
				new MapPropertySource("testPorts", Map.of("buffered.server.port", FreePorts.freePort())));
	}

}
