package dev.bufferedsockets.ops;

import java.net.http.HttpResponse;

import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page's files as any visitor gets them: public, shipped in the jar, self-contained
 * (nothing from a CDN or another host), and holding no data or secret of their own.
 */
@ServerTest
class StatusPageTest {

	@Autowired
	private Actuator http;

	@ParameterizedTest
	@CsvSource({ "/, text/html", "/index.html, text/html", "/status.js, text/javascript", "/status.css, text/css" })
	void isPublicSelfContainedAndHoldsNoSecret(String path, String contentType) throws Exception {
		HttpResponse<String> response = this.http.get(path, null, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith(contentType));
		assertThat(response.body()).as("no CDN, no external font or script")
			.doesNotContainPattern("(?i)https?:")
			.doesNotContainPattern("(?i)(src|href)=\"//")
			.doesNotContainPattern("@import");
		assertThat(response.body()).doesNotContain(ServerTest.PASSWORD);
	}

}
