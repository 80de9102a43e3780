package dev.bufferedsockets.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionErrorsTest {

	@Test
	void everyCauseIsACounterAtZeroBeforeItsFirstFailure() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();

		new ConnectionErrors(registry);

		assertThat(registry.find(ConnectionErrors.METER).counters())
			.extracting((counter) -> counter.getId().getTag("cause"))
			.containsExactlyInAnyOrder("frame-too-large", "invalid-utf8", "truncated-frame", "frame-timeout",
					"idle-timeout", "timeout", "tls", "reset", "io", "internal", "not-allowed", "too-many-connections",
					"accept-failed");
		assertThat(registry.find(ConnectionErrors.METER).counters()).extracting(Counter::count).containsOnly(0.0);
	}

}
