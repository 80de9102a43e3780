package dev.bufferedsockets.support;

import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.gateway.BufferedGateway;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway as an application gets it: Boot's auto-configuration and {@code buffered.client.*},
 * without the server (whose health groups, in {@code application.yml}, name beans absent here).
 */
public final class GatewayContext implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private GatewayContext(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** @param properties further {@code name=value} settings, such as {@code buffered.client.timeout=1s} */
	public static GatewayContext start(int port, String... properties) {
		List<String> args = new ArrayList<>(List.of("--buffered.client.host=127.0.0.1",
				"--buffered.client.port=" + port, "--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--management.endpoint.health.validate-group-membership=false"));
		for (String property : properties) {
			args.add("--" + property);
		}
		return new GatewayContext(new SpringApplicationBuilder(GatewayOnly.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new)));
	}

	public BufferedGateway gateway() {
		return this.context.getBean(BufferedGateway.class);
	}

	/** @return the application's meter registry, where the gateway publishes its {@code buffered.client.*} meters */
	public MeterRegistry meters() {
		return this.context.getBean(MeterRegistry.class);
	}

	/** @return the value of a {@code buffered.client.*} gauge or counter, with the tags given as name, value, ... */
	public double meter(String name, String... tags) {
		return meters().get(name).tags(tags).meter().measure().iterator().next().getValue();
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** Nothing but auto-configuration: the starter provides the gateway. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class GatewayOnly {

	}

}
