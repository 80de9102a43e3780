package dev.bufferedsockets.test;

import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives each application context of a {@link BufferedTestServer} test its server. Registered in
 * {@code META-INF/spring.factories}, so the annotation is all a user writes.
 */
class BufferedTestServerContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		BufferedTestServer annotation = AnnotatedElementUtils.findMergedAnnotation(testClass, BufferedTestServer.class);
		return (annotation != null) ? new Customizer(List.of(annotation.properties())) : null;
	}

	/** Equal for equal settings, so that Spring's context cache shares a context, and its server, between them. */
	private record Customizer(List<String> properties) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			ServerProcess server = ServerProcess.packagedServer()
				.arguments(this.properties.stream().map(property -> "--" + property).toArray(String[]::new))
				.startUnchecked();
			context.addApplicationListener(new ApplicationListener<ContextClosedEvent>() {
				@Override
				public void onApplicationEvent(ContextClosedEvent event) {
					server.close();
				}
			});
			context.getBeanFactory().registerSingleton("bufferedTestServer", server);
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("bufferedTestServer",
					Map.of("buffered.client.host", "127.0.0.1", "buffered.client.port", server.port())));
		}

	}

}
