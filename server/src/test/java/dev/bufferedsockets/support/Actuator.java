package dev.bufferedsockets.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to the actuator over real HTTP, as curl would. */
public final class Actuator {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final int port;

	private final String host;

	public Actuator(int port) {
		this(port, "127.0.0.1");
	}

	/** An actuator on another host, such as a server in a network namespace of the test's own. */
	public Actuator(int port, String host) {
		this.port = port;
		this.host = host;
	}

	public HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
		return send(request(path, user, password).GET());
	}

	public HttpResponse<String> post(String path, String json, String user, String password)
			throws IOException, InterruptedException {
		return send(request(path, user, password).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** GET as the test's operator, expecting 200, parsed. */
	public JsonNode read(String path) throws IOException, InterruptedException {
		return read(path, ServerTest.USER, ServerTest.PASSWORD);
	}

	/** GET as {@code user}, expecting 200, parsed. */
	public JsonNode read(String path, String user, String password) throws IOException, InterruptedException {
		HttpResponse<String> response = get(path, user, password);
		if (response.statusCode() != 200) {
			throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return json(response);
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	/** @return the absolute URL of {@code path} on the application's HTTP port */
	public String url(String path) {
		return "http://" + this.host + ":" + this.port + path;
	}

	private HttpRequest.Builder request(String path, String user, String password) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
			.timeout(Duration.ofSeconds(30));
		if (user != null) {
			String token = Base64.getEncoder()
				.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
			request.header("Authorization", "Basic " + token);
		}
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
