package dev.bufferedsockets.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the status page ({@code src/main/resources/static/}) where the actuator is: on the main
 * HTTP port by default, on the management port when {@code management.server.port} moves the
 * actuator there. The page calls the actuator by relative URLs ({@code actuator/tcpserver}), so it
 * works wherever it is served beside it; served where the actuator is not, it could do nothing.
 *
 * <p>Listed in {@code META-INF/spring/...ManagementContextConfiguration.imports} and not a
 * {@code @Configuration} (so not component-scanned): Boot imports it into whichever context holds
 * the actuator. Boot's own static resource mapping is off ({@code spring.web.resources.add-mappings}).
 */
public class StatusPageConfiguration implements WebMvcConfigurer {

	private static final String LOCATION = "classpath:/static/";

	private static final Resource INDEX = new ClassPathResource("static/index.html");

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/index.html", "/status.css", "/status.js").addResourceLocations(LOCATION);
	}

	@Bean
	RouterFunction<ServerResponse> statusPageRoot() {
		return RouterFunctions.route()
			.GET("/", (request) -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).body(INDEX))
			.build();
	}

}
