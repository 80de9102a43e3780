package dev.bufferedsockets.ops;

import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.bufferedsockets.BufferedSocketsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad setting or a taken port stops the application before it serves anything, with a
 * one-line description that names the property (or the port).
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTest {

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource({ "buffered.server.port, 70000, must be less than or equal to 65535",
			"buffered.server.port, -1, must be greater than or equal to 0",
			"buffered.server.port, abc, abc",
			"buffered.server.buffer-size, 0, must be greater than or equal to 1",
			"buffered.server.buffer-size, 65537, must be less than or equal to 65536",
			"buffered.server.max-message-bytes, -5, must be greater than or equal to 0",
			"buffered.server.header-bytes, 3, must be 4 or 2",
			"buffered.server.header-bytes, 0, must be 4 or 2",
			"buffered.server.client-auth, need, needs buffered.server.ssl-bundle",
			"buffered.server.client-auth, sometimes, sometimes",
			"buffered.client.port, 0, must be greater than or equal to 1",
			"buffered.client.timeout, 0s, must be longer than or equal to",
			"buffered.client.timeout, 30d, must be shorter than or equal to",
			"buffered.server.frame-timeout, 0s, must be longer than or equal to",
			"buffered.server.max-connections, 0, must be greater than or equal to 1",
			"buffered.server.allowed-cidrs[0], 10.0.0.0/33, is not an IPv4 or IPv6 address or CIDR block",
			"buffered.server.allowed-cidrs[0], example.com, is not an IPv4 or IPv6 address or CIDR block" })
	void invalidSettingStopsStartupWithOneLineNamingIt(String property, String value, String reason,
			CapturedOutput output) {
		assertThatThrownBy(() -> start("--" + property + "=" + value)).isInstanceOf(Exception.class);
		assertThat(output.getOut().lines().filter(line -> line.startsWith("Invalid configuration: ")))
			.singleElement()
			.satisfies(line -> assertThat(line).contains(property + "=" + value).contains(reason));
		assertThat(output.getOut()).as("nothing started").doesNotContain("Tomcat started", "Listening for TCP");
	}

	/**
	 * A user is {@code alice}, {@code secret-password}, {@code VIEWER}, with one change: {@code key=value}
	 * replaces (or adds) a setting, {@code -key} removes one. The line names the property and never
	 * shows a password.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"buffered.security.users[0].role=ADMIN | buffered.security.users[0].role=ADMIN cannot be used: must be one of VIEWER, OPERATOR",
			"-buffered.security.users[0].role | buffered.security.users[0].role must be set: VIEWER or OPERATOR",
			"buffered.security.users[0].password= | buffered.security.users[0].password must not be blank",
			"-buffered.security.users[0].password | buffered.security.users[0].password must not be blank",
			"buffered.security.users[0].name= | buffered.security.users[0].name must not be blank",
			"buffered.security.users[0].password={bcrypt}hidden-not-a-hash | buffered.security.users[0].password is not a bcrypt hash after {bcrypt}",
			"buffered.security.users[0].password={sha256}hidden | buffered.security.users[0].password starts with {sha256}, which is not supported",
			"buffered.security.users[0].password=$2y$10$fmJyH.2o22Y6hbm7L0i60uMvvvd0A4bg5VQVWUfVTGWKUUZr3eMYe | buffered.security.users[0].password looks like a bcrypt hash: put {bcrypt} before it",
			"buffered.security.users[1].name=ALICE | two users are named 'ALICE'",
			"spring.security.user.password={md5}hidden | spring.security.user.password starts with {md5}, which is not supported" })
	void invalidUserStopsStartupWithOneLineNamingItAndNoPassword(String change, String expected, CapturedOutput output) {
		Map<String, String> settings = new LinkedHashMap<>(Map.of("buffered.security.users[0].name", "alice",
				"buffered.security.users[0].password", "secret-password", "buffered.security.users[0].role", "VIEWER"));
		if (change.startsWith("-")) {
			settings.remove(change.substring(1));
		}
		else {
			settings.put(change.substring(0, change.indexOf('=')), change.substring(change.indexOf('=') + 1));
		}
		if (settings.containsKey("buffered.security.users[1].name")) {
			settings.put("buffered.security.users[1].password", "another-password");
			settings.put("buffered.security.users[1].role", "OPERATOR");
		}

		assertThatThrownBy(() -> start(settings.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new))).isInstanceOf(Exception.class);

		assertThat(output.getOut().lines().filter(line -> line.startsWith("Invalid configuration: ")))
			.singleElement()
			.satisfies(line -> assertThat(line).contains(expected)
				.doesNotContain("secret-password", "another-password", "hidden", "fmJyH"));
		assertThat(output.getOut()).as("nothing started").doesNotContain("Tomcat started", "Listening for TCP");
	}

	@Test
	void aTwoByteHeaderWithALimitItCannotAnnounceStopsStartupWithOneLineNamingTheLimit(CapturedOutput output) {
		assertThatThrownBy(() -> start("--buffered.server.header-bytes=2")).isInstanceOf(Exception.class);
		assertThat(output.getOut().lines().filter(line -> line.startsWith("Invalid configuration: ")))
			.singleElement()
			.satisfies(line -> assertThat(line).contains("buffered.server.max-message-bytes=16777216")
				.contains("must be at most 65535 with buffered.server.header-bytes=2"));
		assertThat(output.getOut()).as("nothing started").doesNotContain("Tomcat started", "Listening for TCP");
	}

	@Test
	void aTakenTcpPortStopsStartupWithOneLineNamingIt(CapturedOutput output) throws Exception {
		try (ServerSocket taken = new ServerSocket(0)) {
			int port = taken.getLocalPort();
			assertThatThrownBy(() -> start("--buffered.server.port=" + port)).isInstanceOf(Exception.class);
			assertThat(output.getOut().lines().filter(line -> line.startsWith("Cannot listen for TCP on ")))
				.singleElement()
				.satisfies(line -> assertThat(line).contains(":" + port + ": "));
		}
	}

	@Test
	void aBindAddressThatIsNotOnThisMachineStopsStartupWithOneLineNamingIt(CapturedOutput output) {
		// 192.0.2.0/24 is reserved for documentation (RFC 5737): never a local address.
		assertThatThrownBy(() -> start("--buffered.server.port=0", "--buffered.server.bind-address=192.0.2.1"))
			.isInstanceOf(Exception.class);
		assertThat(output.getOut().lines().filter(line -> line.startsWith("Cannot listen for TCP on 192.0.2.1:")))
			.hasSize(1);
		assertThat(output.getOut()).contains("buffered.server.bind-address=192.0.2.1");
	}

	private static void start(String... args) {
		String[] all = new String[args.length + 2];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--server.port=0";
		all[args.length + 1] = "--spring.main.banner-mode=off";
		try (ConfigurableApplicationContext context = SpringApplication.run(BufferedSocketsApplication.class, all)) {
			throw new AssertionError("the application started");
		}
	}

}
