package dev.bufferedsockets.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The recommended production setup: the actuator on a port and address of its own
 * ({@code management.server.port}, here a free one, and {@code management.server.address}). The
 * status page moves with it and works there with the same roles; the main HTTP port serves
 * neither the actuator nor the page.
 */
@ServerTest
@TestPropertySource(properties = { "management.server.port=0", "management.server.address=127.0.0.1" })
@ExtendWith(OutputCaptureExtension.class)
class ManagementPortTest {

	private static final String STOP = "{\"keepRunning\": false}";

	@LocalManagementPort
	private int managementPort;

	/** On the main HTTP port. */
	@Autowired
	private Actuator main;

	@Autowired
	private BufferedServer server;

	private Actuator management;

	@BeforeEach
	void onTheManagementPort() {
		assertThat(this.managementPort).isPositive().isNotEqualTo(portOf(this.main));
		this.management = new Actuator(this.managementPort);
	}

	@ParameterizedTest
	@CsvSource({ "/, text/html", "/index.html, text/html", "/status.js, text/javascript", "/status.css, text/css" })
	void theStatusPageIsServedOnTheManagementPortToAnyone(String path, String contentType) throws Exception {
		HttpResponse<String> response = this.management.get(path, null, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith(contentType));
	}

	@Test
	void thePageIsTheOneThatCallsTheActuatorBesideIt() throws Exception {
		assertThat(this.management.get("/", null, null).body()).contains("<script src=\"status.js\"");
		assertThat(this.management.get("/status.js", null, null).body()).contains("fetch('actuator/tcpserver'")
			.contains("fetch('actuator/health'");
		assertThat(this.management.get("/actuator/health", null, null).statusCode()).isEqualTo(200);
	}

	@Test
	void aViewerReadsThePagesDataThereButItsToggleIs403() throws Exception {
		JsonNode status = this.management.read("/actuator/tcpserver", ServerTest.VIEWER, ServerTest.VIEWER_PASSWORD);
		assertThat(status.get("listening").asBoolean()).isTrue();
		assertThat(status.get("canToggle").asBoolean()).isFalse();
		assertThat(this.management.get("/actuator/prometheus", ServerTest.VIEWER, ServerTest.VIEWER_PASSWORD)
			.statusCode()).isEqualTo(200);

		var toggle = this.management.post("/actuator/tcpserver", STOP, ServerTest.VIEWER, ServerTest.VIEWER_PASSWORD);

		assertThat(toggle.statusCode()).isEqualTo(403);
		assertThat(this.server.isKeepRunning()).isTrue();
	}

	@Test
	void anOperatorTogglesThere() throws Exception {
		assertThat(this.management.read("/actuator/tcpserver").get("canToggle").asBoolean()).isTrue();

		var stop = this.management.post("/actuator/tcpserver", STOP, ServerTest.USER, ServerTest.PASSWORD);

		assertThat(stop.statusCode()).isEqualTo(200);
		assertThat(Actuator.json(stop).get("keepRunning").asBoolean()).isFalse();
		assertThat(this.server.isListening()).isFalse();

		var start = this.management.post("/actuator/tcpserver", "{\"keepRunning\": true}", ServerTest.USER,
				ServerTest.PASSWORD);

		assertThat(start.statusCode()).isEqualTo(200);
		assertThat(this.server.isListening()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/health", "/actuator/tcpserver", "/actuator/prometheus" })
	void theMainPortHasNoActuator(String path) throws Exception {
		assertThat(this.main.get(path, ServerTest.USER, ServerTest.PASSWORD).statusCode()).isEqualTo(404);
		assertThat(this.main.post(path, STOP, ServerTest.USER, ServerTest.PASSWORD).statusCode()).isIn(403, 404);
		assertThat(this.server.isKeepRunning()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/index.html", "/status.js", "/status.css" })
	void theMainPortHasNoStatusPage(String path) throws Exception {
		assertThat(this.main.get(path, null, null).statusCode()).isEqualTo(404);
	}

	/**
	 * From a loopback address of this test's own (127.x.y.z, picked at random), so that failures
	 * other tests sent from 127.0.0.1 to the same application within the minute cannot hide its line.
	 * Where only 127.0.0.1 is loopback (macOS) it is skipped, saying so.
	 */
	@Test
	void wrongPasswordsThereAre401AndLoggedOnceAMinutePerAddress(CapturedOutput output) throws Exception {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		InetAddress source = InetAddress.getByAddress(new byte[] { 127, (byte) random.nextInt(1, 255),
				(byte) random.nextInt(0, 256), (byte) random.nextInt(1, 255) });
		assumeTrue(canBind(source), () -> "needs all of 127.0.0.0/8 on loopback, as Linux has: " + source);
		for (int attempt = 0; attempt < 3; attempt++) {
			assertThat(statusOfGetFrom(source, "/actuator/tcpserver", ServerTest.VIEWER, "guess-" + attempt))
				.isEqualTo(401);
		}
		assertThat(output.getOut()
			.lines()
			.filter((line) -> line.contains("Failed HTTP sign-in from " + source.getHostAddress() + " ")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN"));
	}

	/** A bare HTTP/1.1 GET on the management port from {@code source}: {@code HttpClient} cannot choose it. */
	private int statusOfGetFrom(InetAddress source, String path, String user, String password) throws IOException {
		try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), this.managementPort, source, 0)) {
			String credentials = Base64.getEncoder()
				.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + credentials
						+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			String statusLine = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
			assertThat(statusLine).startsWith("HTTP/1.1 ");
			return Integer.parseInt(statusLine.split(" ")[1]);
		}
	}

	private static boolean canBind(InetAddress address) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(address, 0));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int portOf(Actuator actuator) {
		String url = actuator.url("");
		return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
	}

}
