package com.example.consumer;

import dev.bufferedsockets.test.BufferedTestServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@BufferedTestServer
class ShortenerTest {

	@Autowired
	private Shortener shortener;

	@Test
	void theServerDropsTheFirstTenCharacters() {
		assertThat(this.shortener.shorten("Four score and seven years ago")).isEqualTo(" and seven years ago");
	}

	@Test
	void theStarterBringsNoWebServerSecurityActuatorOrCommandLine() {
		ClassLoader classes = getClass().getClassLoader();
		assertThat(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", classes)).as("Tomcat").isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.security.core.Authentication", classes))
			.as("Spring Security").isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", classes))
			.as("the actuator").isFalse();
		assertThat(ClassUtils.isPresent("picocli.CommandLine", classes)).as("picocli").isFalse();
	}

}
