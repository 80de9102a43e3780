package dev.bufferedsockets.gateway;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an application gets from the starter alone, and how its own beans and settings take over. */
class BufferedGatewayAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(IntegrationAutoConfiguration.class, BufferedGatewayAutoConfiguration.class));

	@Test
	void anApplicationWithNoConfigurationGetsTheGatewayWithTheDocumentedDefaults() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(BufferedGateway.class);
			BufferedClientProperties properties = context.getBean(BufferedClientProperties.class);
			assertThat(properties.host()).isEqualTo("localhost");
			assertThat(properties.port()).isEqualTo(4567);
			assertThat(properties.bufferSize()).isEqualTo(65536);
			assertThat(properties.maxMessageBytes()).isEqualTo(16 * 1024 * 1024);
			assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.poolSize()).isEqualTo(4);
			assertThat(properties.maxInFlight()).isEqualTo(64);
			assertThat(properties.hasSslBundle()).isFalse();
			TcpNetClientConnectionFactory connections = context.getBean("bufferedClientConnectionFactory",
					TcpNetClientConnectionFactory.class);
			assertThat(connections.getHost()).isEqualTo("localhost");
			assertThat(connections.getPort()).isEqualTo(4567);
		});
	}

	@Test
	void propertiesPointTheGatewayElsewhere() {
		this.runner.withPropertyValues("buffered.client.host=tcp.example.org", "buffered.client.port=7000",
				"buffered.client.pool-size=9", "buffered.client.max-in-flight=16", "buffered.client.timeout=250ms")
			.run(context -> {
				TcpNetClientConnectionFactory connections = context.getBean("bufferedClientConnectionFactory",
						TcpNetClientConnectionFactory.class);
				assertThat(connections.getHost()).isEqualTo("tcp.example.org");
				assertThat(connections.getPort()).isEqualTo(7000);
				assertThat(context.getBean(BufferedClientProperties.class).timeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(context.getBean(BufferedClientProperties.class).poolSize()).isEqualTo(9);
				assertThat(context.getBean(BufferedClientProperties.class).maxInFlight()).isEqualTo(16);
			});
	}

	@Test
	void anApplicationsOwnGatewayWins() {
		this.runner.withUserConfiguration(OwnGateway.class).run(context -> {
			assertThat(context).hasSingleBean(BufferedGateway.class);
			assertThat(context.getBean(BufferedGateway.class).exchange("0123456789abc")).isEqualTo("own: abc");
		});
	}

	@Test
	void anApplicationsOwnConnectionFactoryWins() {
		this.runner.withUserConfiguration(OwnConnections.class).run(context -> {
			assertThat(context).hasSingleBean(BufferedGateway.class);
			assertThat(context.getBean("bufferedClientConnectionFactory")).isInstanceOf(TcpNetClientConnectionFactory.class);
		});
	}

	@Test
	void badSettingsStopTheApplicationNamingTheProperty() {
		this.runner.withPropertyValues("buffered.client.port=70000").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("buffered.client.port")
				.hasMessageContaining("70000");
		});
		this.runner.withPropertyValues("buffered.client.timeout=0s").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("buffered.client.timeout");
		});
		this.runner.withPropertyValues("buffered.client.host= ").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("buffered.client.host");
		});
		this.runner.withPropertyValues("buffered.client.max-in-flight=0").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("buffered.client.max-in-flight")
				.hasMessageContaining("0");
		});
	}

	@Test
	void anApplicationWithMicrometerGetsTheGatewaysMeters() {
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class))
			.run(context -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("buffered.client.connections.open").gauge().value()).isZero();
				assertThat(meters.get("buffered.client.calls.in-flight").gauge().value()).isZero();
				assertThat(meters.get("buffered.client.calls.waiting").gauge().value()).isZero();
				assertThat(meters.get("buffered.client.calls.retried").functionCounter().count()).isZero();
				assertThat(meters.get("buffered.client.calls.failed").functionCounters())
					.extracting(counter -> counter.getId().getTag("cause"))
					.containsExactlyInAnyOrder("timeout", "no-room", "connect-failed", "connection-lost", "stopped");
			});
	}

	@Test
	void aCallToAServerThatRefusesFailsAndIsCountedByCause() {
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("buffered.client.host=127.0.0.1", "buffered.client.port=1")
			.run(context -> {
				BufferedGateway gateway = context.getBean(BufferedGateway.class);
				assertThatThrownBy(() -> gateway.exchange("0123456789 anyone?"))
					.isInstanceOf(ServerUnavailableException.class)
					.hasMessageStartingWith("no reply from the buffered-sockets server at 127.0.0.1:1: ");
				assertThat(gateway.exchangeAsync("0123456789 anyone?")).failsWithin(Duration.ofSeconds(10))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(ServerUnavailableException.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("buffered.client.calls.failed").tag("cause", "connect-failed").functionCounter().count())
					.isEqualTo(2);
				assertThat(meters.get("buffered.client.calls.in-flight").gauge().value()).isZero();
			});
	}

	@Test
	void nothingConnectsUntilTheGatewayIsFirstUsed() {
		// Port 1 refuses every connection: a context that connected at startup would fail to start.
		this.runner.withPropertyValues("buffered.client.host=127.0.0.1", "buffered.client.port=1")
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(BufferedGateway.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnGateway {

		@Bean
		BufferedGateway myGateway() {
			return message -> "own: " + message.substring(10);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConnections {

		@Bean
		AbstractClientConnectionFactory bufferedClientConnectionFactory() {
			return new TcpNetClientConnectionFactory("127.0.0.1", 1);
		}

	}

}
