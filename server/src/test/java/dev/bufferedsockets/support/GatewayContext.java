package dev.bufferedsockets.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.bufferedsockets.gateway.BufferedGateway;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEvent;
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
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("buffered.client.host", "127.0.0.1");
		settings.put("buffered.client.port", String.valueOf(port));
		settings.put("spring.main.banner-mode", "off");
		settings.put("logging.level.root", "WARN");
		settings.put("management.endpoint.health.validate-group-membership", "false");
		for (String property : properties) {
			int equals = property.indexOf('=');
			settings.put(property.substring(0, equals), property.substring(equals + 1)); // replaces a default
		}
		String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		return new GatewayContext(new SpringApplicationBuilder(GatewayOnly.class).web(WebApplicationType.NONE).run(args));
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

	/** Hands {@code listener} every event of {@code type} the application publishes from now on. */
	public <E extends ApplicationEvent> void listen(Class<E> type, Consumer<E> listener) {
		this.context.addApplicationListener((ApplicationEvent event) -> {
			if (type.isInstance(event)) {
				listener.accept(type.cast(event));
			}
		});
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
