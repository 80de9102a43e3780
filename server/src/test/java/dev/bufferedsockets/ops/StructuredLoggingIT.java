package dev.bufferedsockets.ops;

import java.nio.file.Path;
import java.util.List;

import dev.bufferedsockets.support.PackagedJar;
import dev.bufferedsockets.test.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One property, {@code logging.structured.format.console=ecs}, turns everything the server prints
 * into one JSON object per line (Boot's structured logging), ready for a log shipper. Run from the
 * packaged jar in its own JVM: the logging system is one per JVM, and a test that switched it to
 * JSON would leave it so for every test after it.
 */
class StructuredLoggingIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path work;

	@Test
	void everyLineTheServerPrintsIsAnEcsJsonEvent() throws Exception {
		ServerProcess server = PackagedJar.startServer(this.work, "--logging.structured.format.console=ecs",
				"--spring.security.user.password=kept-out-of-the-log");
		try {
			await().atMost(PackagedJar.PROCESS_LIMIT)
				.until(() -> server.log().contains("Started BufferedSocketsApplication"));
		}
		finally {
			server.close(); // then every line, shutdown included, is complete
		}

		List<String> lines = server.log().lines().filter((line) -> !line.isBlank()).toList();
		assertThat(lines).as("the server's output").isNotEmpty();
		List<JsonNode> events = lines.stream().map(JSON::readTree).toList();
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.isObject()).isTrue();
			assertThat(event.path("@timestamp").asString("")).isNotBlank();
			assertThat(event.path("log").path("level").asString("")).isNotBlank();
			assertThat(event.path("service").path("name").asString("")).isEqualTo("buffered-sockets");
		});
		assertThat(events).anySatisfy((event) -> {
			assertThat(event.get("message").asString())
				.isEqualTo("Listening for TCP frames on 127.0.0.1:" + server.port());
			assertThat(event.get("log").get("logger").asString()).isEqualTo("dev.bufferedsockets.server.lifecycle.BufferedServer");
		});
		assertThat(server.log()).doesNotContain("kept-out-of-the-log");
	}

}
