package dev.bufferedsockets.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.bufferedsockets.ops.UsersProperties.Role;
import dev.bufferedsockets.ops.UsersProperties.User;
import dev.bufferedsockets.support.RepositoryFiles;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/kubernetes/} agrees with the application: the manifests parse, the container and
 * Service ports are the application's default ports, the probes call the actuator's liveness and
 * readiness groups on the HTTP port (and those answer on the running application, without
 * credentials, as the kubelet calls them), the HTTP users are an operator and a viewer whose
 * passwords come from a Secret, and limits are set.
 */
@ServerTest
class KubernetesManifestsTest {

	private static final Path MANIFESTS = RepositoryFiles.path("deploy", "kubernetes");

	private static List<Map<String, Object>> resources;

	private static Map<String, Object> application;

	@Autowired
	private Actuator actuator;

	@BeforeAll
	static void parse() throws IOException {
		resources = new ArrayList<>();
		try (Stream<Path> files = Files.list(MANIFESTS)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
				try (Reader in = Files.newBufferedReader(file)) {
					for (Object document : new Yaml().loadAll(in)) {
						resources.add(map(document));
					}
				}
			}
		}
		try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.yml"))) {
			application = new Yaml().load(in);
		}
	}

	@Test
	void kustomizationListsEveryManifest() throws IOException {
		Map<String, Object> kustomization = only("Kustomization");
		try (Stream<Path> files = Files.list(MANIFESTS)) {
			List<String> manifests = files.map((f) -> f.getFileName().toString())
				.filter((name) -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
				.toList();
			assertThat(list(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(manifests);
		}
	}

	@Test
	void containerPortsAreTheApplicationsDefaultPorts() {
		Map<String, Integer> ports = containerPorts();
		assertThat(ports).containsOnly(Map.entry("tcp", defaultPort("buffered", "server", "port")),
				Map.entry("http", defaultPort("server", "port")));
	}

	@Test
	void probesCallTheActuatorsLivenessAndReadinessGroupsOnTheHttpPort() {
		Map<String, Object> container = container();
		assertThat(probe(container, "livenessProbe")).containsEntry("path", "/actuator/health/liveness");
		assertThat(probe(container, "startupProbe")).containsEntry("path", "/actuator/health/liveness");
		assertThat(probe(container, "readinessProbe")).containsEntry("path", "/actuator/health/readiness");
		for (String kind : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
			assertThat(resolve(probe(container, kind).get("port"))).as("%s port", kind)
				.isEqualTo(defaultPort("server", "port"));
		}
	}

	@Test
	void probeEndpointsAnswerWithoutCredentialsOnTheRunningApplication() throws Exception {
		Map<String, Object> container = container();
		for (String kind : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
			String path = (String) probe(container, kind).get("path");
			var response = this.actuator.get(path, null, null);
			assertThat(response.statusCode()).as("%s %s: %s", kind, path, response.body()).isEqualTo(200);
			assertThat(Actuator.json(response).get("status").asString()).isEqualTo("UP");
		}
	}

	@Test
	void servicesExposeTcpAndHttpOnTheContainersPortsToTheDeploymentsPods() {
		Map<String, Object> podLabels = map(map(map(only("Deployment").get("spec")).get("template")).get("metadata"));
		Map<Integer, String> exposed = new HashMap<>();
		for (Map<String, Object> service : all("Service")) {
			Map<String, Object> spec = map(service.get("spec"));
			assertThat(map(podLabels.get("labels"))).as("pods selected by %s", name(service))
				.containsAllEntriesOf(map(spec.get("selector")));
			for (Object entry : list(spec.get("ports"))) {
				Map<String, Object> port = map(entry);
				assertThat(port.get("protocol")).isEqualTo("TCP");
				assertThat(resolve(port.get("targetPort"))).as("targetPort of %s", port).isEqualTo(port.get("port"));
				exposed.put((Integer) port.get("port"), (String) spec.get("type"));
			}
		}
		assertThat(exposed).containsEntry(defaultPort("buffered", "server", "port"), "LoadBalancer")
			.containsEntry(defaultPort("server", "port"), "ClusterIP")
			.hasSize(2);
	}

	@Test
	void usersAreAnOperatorAndAViewerWithPasswordsFromASecretAndResourcesAreBounded() {
		Map<String, Object> container = container();
		Map<String, Object> environment = new HashMap<>();
		for (Object entry : list(container.get("env"))) {
			Map<String, Object> variable = map(entry);
			String name = (String) variable.get("name");
			if (name.endsWith("PASSWORD")) {
				assertThat(variable).as(name).doesNotContainKey("value");
				assertThat(map(map(variable.get("valueFrom")).get("secretKeyRef"))).as(name).containsKeys("name", "key");
				environment.put(name, "{bcrypt}" + ServerTest.VIEWER_PASSWORD_HASH); // what the Secret holds
			}
			else {
				environment.put(name, String.valueOf(variable.get("value")));
			}
		}
		assertThat(environment).doesNotContainKey("SPRING_SECURITY_USER_PASSWORD");
		assertThat(all("Secret")).as("no Secret (and so no password) is committed").isEmpty();

		// The variables as Boot binds them: BUFFERED_SECURITY_USERS_0_NAME is buffered.security.users[0].name.
		Binder binder = new Binder(
				ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)));
		List<User> users = binder.bind("buffered.security", UsersProperties.class).get().users();
		assertThat(users).extracting(User::name).containsExactly("operator", "prometheus");
		assertThat(users).extracting(User::role).containsExactly(Role.OPERATOR, Role.VIEWER);
		assertThat(users).allSatisfy((user) -> assertThat(HttpUsers.passwordProblem(user.password())).isNull());

		Map<String, Object> resources = map(container.get("resources"));
		assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
		assertThat(map(resources.get("limits"))).containsKeys("cpu", "memory");
	}

	private static Map<String, Integer> containerPorts() {
		Map<String, Integer> ports = new HashMap<>();
		for (Object entry : list(container().get("ports"))) {
			Map<String, Object> port = map(entry);
			ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
		}
		return ports;
	}

	/** @return the container port a probe or Service names (by name or number), as a number */
	private static Object resolve(Object port) {
		return (port instanceof String name) ? containerPorts().get(name) : port;
	}

	private static Map<String, Object> probe(Map<String, Object> container, String kind) {
		return map(map(container.get(kind)).get("httpGet"));
	}

	private static Map<String, Object> container() {
		Map<String, Object> podSpec = map(map(map(only("Deployment").get("spec")).get("template")).get("spec"));
		List<Object> containers = list(podSpec.get("containers"));
		assertThat(containers).hasSize(1);
		return map(containers.get(0));
	}

	private static int defaultPort(String... path) {
		Object value = application;
		for (String key : path) {
			value = map(value).get(key);
		}
		return (Integer) value;
	}

	private static Map<String, Object> only(String kind) {
		List<Map<String, Object>> matching = all(kind);
		assertThat(matching).as("%s resources", kind).hasSize(1);
		return matching.get(0);
	}

	private static List<Map<String, Object>> all(String kind) {
		return resources.stream().filter((resource) -> kind.equals(resource.get("kind"))).toList();
	}

	private static String name(Map<String, Object> resource) {
		return (String) map(resource.get("metadata")).get("name");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}
