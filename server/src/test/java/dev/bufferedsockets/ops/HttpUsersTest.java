package dev.bufferedsockets.ops;

import java.util.List;

import dev.bufferedsockets.ops.UsersProperties.Role;
import dev.bufferedsockets.ops.UsersProperties.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The users, their roles and the password forms, without a server. */
@ExtendWith(OutputCaptureExtension.class)
class HttpUsersTest {

	/** {@code htpasswd -bnBC 10 "" secret | tr -d ':\n'}, as the README says to make one. */
	private static final String HTPASSWD_HASH = "$2y$10$fmJyH.2o22Y6hbm7L0i60uMvvvd0A4bg5VQVWUfVTGWKUUZr3eMYe";

	private final PasswordEncoder encoder = HttpUsers.passwordEncoder();

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "plain text, secret", "noop, {noop}secret", "htpasswd bcrypt, {bcrypt}" + HTPASSWD_HASH,
			"spring bcrypt, SPRING" })
	void everyAcceptedPasswordFormChecksThePassword(String form, String configured) {
		String password = "SPRING".equals(configured) ? "{bcrypt}" + new BCryptPasswordEncoder(4).encode("secret")
				: configured;
		assertThat(HttpUsers.passwordProblem(password)).isNull();
		UserDetails user = users(new User("alice", password, Role.VIEWER)).loadUserByUsername("alice");

		assertThat(this.encoder.matches("secret", user.getPassword())).isTrue();
		assertThat(this.encoder.matches("Secret", user.getPassword())).isFalse();
		assertThat(this.encoder.matches(configured, user.getPassword())).as("the hash is not the password").isEqualTo(
				form.equals("plain text"));
	}

	@Test
	void anOperatorAlsoHoldsTheViewersRoleAndAViewerOnlyThat() {
		UserDetailsService users = users(new User("alice", "a", Role.OPERATOR), new User("bob", "b", Role.VIEWER));

		assertThat(roles(users.loadUserByUsername("alice"))).containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_VIEWER");
		assertThat(roles(users.loadUserByUsername("bob"))).containsExactly("ROLE_VIEWER");
		assertThatThrownBy(() -> users.loadUserByUsername("carol")).isInstanceOf(UsernameNotFoundException.class);
	}

	@Test
	void bootsUserIsAnOperatorWhenItHasAPasswordAndNoOtherUserIsConfigured(CapturedOutput output) {
		SecurityProperties.User boot = new SecurityProperties.User();
		boot.setPassword("secret");

		UserDetails user = HttpUsers.userDetailsService(new UsersProperties(List.of()), boot).loadUserByUsername("user");

		assertThat(roles(user)).contains("ROLE_OPERATOR");
		assertThat(this.encoder.matches("secret", user.getPassword())).isTrue();
		assertThat(output.getOut()).contains("HTTP users: user (OPERATOR)").doesNotContain(HttpUsers.NO_USERS);
	}

	@Test
	void bootsUserIsIgnoredWithAWarningWhenUsersAreConfigured(CapturedOutput output) {
		SecurityProperties.User boot = new SecurityProperties.User();
		boot.setName("admin");
		boot.setPassword("secret");

		UserDetailsService users = HttpUsers.userDetailsService(
				new UsersProperties(List.of(new User("alice", "a", Role.VIEWER))), boot);

		assertThatThrownBy(() -> users.loadUserByUsername("admin")).isInstanceOf(UsernameNotFoundException.class);
		assertThat(users.loadUserByUsername("alice")).isNotNull();
		assertThat(output.getOut()).contains("spring.security.user.* is ignored: buffered.security.users is set");
	}

	@Test
	void withNeitherThereIsNoUserAndNoGeneratedPassword(CapturedOutput output) {
		SecurityProperties.User boot = new SecurityProperties.User(); // Boot's generated password only

		UserDetailsService users = HttpUsers.userDetailsService(new UsersProperties(List.of()), boot);

		assertThatThrownBy(() -> users.loadUserByUsername("user")).isInstanceOf(UsernameNotFoundException.class);
		assertThat(output.getOut()).contains(HttpUsers.NO_USERS).doesNotContain(boot.getPassword());
	}

	@Test
	void aUserPrintsNeitherItsPasswordNorItsHash() {
		assertThat(new User("alice", "{bcrypt}" + HTPASSWD_HASH, Role.VIEWER)).hasToString("User[name=alice, role=VIEWER]");
	}

	private static UserDetailsService users(User... users) {
		return HttpUsers.userDetailsService(new UsersProperties(List.of(users)), new SecurityProperties.User());
	}

	private static List<String> roles(UserDetails user) {
		return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

}
