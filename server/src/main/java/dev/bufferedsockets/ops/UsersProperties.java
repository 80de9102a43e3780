package dev.bufferedsockets.ops;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may sign in over HTTP (the status page and {@code /actuator}), under
 * {@code buffered.security}. Checked when the application starts: a bad entry stops it with a
 * message that names the property.
 *
 * @param users The HTTP users, each with a name, a password and a role (VIEWER or OPERATOR). Empty means no one can
 * sign in: every actuator endpoint but health and info answers 401.
 */
@Validated
@ConfigurationProperties("buffered.security")
public record UsersProperties(@DefaultValue({}) @NotNull List<@Valid User> users) {

	/** Names are compared as Spring Security's in-memory users compare them: ignoring case. */
	public UsersProperties {
		Set<String> names = new HashSet<>();
		for (User user : (users != null) ? users : List.<User>of()) {
			if (user != null && user.name() != null && !names.add(user.name().toLowerCase(Locale.ROOT))) {
				throw new IllegalArgumentException("two users are named '" + user.name() + "' (names ignore case)");
			}
		}
	}

	/**
	 * One HTTP user.
	 *
	 * @param name what they sign in as (case does not matter)
	 * @param password {@code {bcrypt}} and a bcrypt hash, {@code {noop}} and the password, or the
	 * password alone (plain text)
	 * @param role {@link Role#VIEWER} or {@link Role#OPERATOR}
	 */
	public record User(@NotBlank String name, @NotBlank @StoredPassword String password,
			@NotNull(message = "must be set: VIEWER or OPERATOR") Role role) {

		/** Never the password, not even a hash. */
		@Override
		public String toString() {
			return "User[name=" + this.name + ", role=" + this.role + "]";
		}

	}

	/** What a signed-in user may do. */
	public enum Role {

		/** Reads: the status page, {@code GET /actuator/tcpserver}, metrics, Prometheus, health details. */
		VIEWER,

		/** Everything a viewer may, and writes: the keepRunning switch ({@code POST /actuator/tcpserver}). */
		OPERATOR

	}

}
