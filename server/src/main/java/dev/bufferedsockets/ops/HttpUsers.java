package dev.bufferedsockets.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.bufferedsockets.ops.UsersProperties.Role;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The HTTP users and how their passwords are checked. Users come from {@code buffered.security.users};
 * when there are none, Boot's {@code spring.security.user.name}/{@code password} (if a password is
 * set) is one operator, a shortcut for a single person. There is never a default or generated
 * password: with no user configured no one can sign in.
 *
 * <p>A password is {@code {bcrypt}} and a bcrypt hash, {@code {noop}} and the password, or the
 * password alone, which is plain text as Boot's {@code spring.security.user.password} has always
 * been. An operator also holds the viewer's role, so "may read" is one rule for both.
 */
public final class HttpUsers {

	private static final Log logger = LogFactory.getLog(HttpUsers.class);

	private static final String BCRYPT = "bcrypt";

	private static final String NOOP = "noop";

	/** What Spring Security's BCrypt accepts: version 2a, 2b or 2y, cost 4 to 31, 22 characters salt and 31 hash. */
	private static final Pattern BCRYPT_HASH = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./0-9A-Za-z]{53}");

	static final String NO_USERS = "No HTTP user is configured, so no one can sign in (the status page and every "
			+ "actuator endpoint but health and info answer 401): add users with "
			+ "buffered.security.users[0].name, .password and .role (VIEWER or OPERATOR)";

	private HttpUsers() {
	}

	/** Checks {@code {bcrypt}} and {@code {noop}} passwords; encodes new ones (none are made here) with bcrypt. */
	public static PasswordEncoder passwordEncoder() {
		return new DelegatingPasswordEncoder(BCRYPT,
				Map.of(BCRYPT, new BCryptPasswordEncoder(), NOOP, NoOpPasswordEncoder.getInstance()));
	}

	/**
	 * @param configured {@code buffered.security.*}
	 * @param boot Boot's {@code spring.security.user.*}: used only if it has a password and
	 * {@code configured} has no user
	 * @return every user who may sign in, possibly none. Only a {@link UserDetailsService}: as an
	 * {@link InMemoryUserDetailsManager} Spring Security would re-encode a plain password with bcrypt
	 * at its first sign-in, and every request (Basic, no session) would then pay for a bcrypt check.
	 */
	public static UserDetailsService userDetailsService(UsersProperties configured, SecurityProperties.User boot) {
		List<UserDetails> users = new ArrayList<>();
		for (UsersProperties.User user : configured.users()) {
			users.add(details(user.name(), user.password(), user.role()));
		}
		boolean bootUserSet = !boot.isPasswordGenerated();
		if (bootUserSet && users.isEmpty()) {
			users.add(details(boot.getName(), boot.getPassword(), Role.OPERATOR));
		}
		else if (bootUserSet) {
			logger.warn("spring.security.user.* is ignored: buffered.security.users is set, and only its users can sign in");
		}
		if (users.isEmpty()) {
			logger.warn(NO_USERS);
		}
		else {
			logger.info("HTTP users: " + users.stream()
				.map((user) -> user.getUsername() + " (" + role(user) + ")")
				.collect(Collectors.joining(", ")));
		}
		return new InMemoryUserDetailsManager(users)::loadUserByUsername;
	}

	/**
	 * @param password a configured password, not null
	 * @return what is wrong with it, or {@code null} if {@link #passwordEncoder()} can check it
	 */
	static String passwordProblem(String password) {
		String id = prefix(password);
		if (BCRYPT.equals(id)) {
			return BCRYPT_HASH.matcher(password.substring(BCRYPT.length() + 2)).matches() ? null
					: "is not a bcrypt hash after {bcrypt}: expected $2a$, $2b$ or $2y$, a two-digit cost (04-31), "
							+ "$ and 53 more characters";
		}
		if (NOOP.equals(id)) {
			return null;
		}
		if (id != null) {
			return "starts with {" + id + "}, which is not supported: use {bcrypt} and a bcrypt hash, "
					+ "or {noop} and the password";
		}
		if (BCRYPT_HASH.matcher(password).matches()) {
			return "looks like a bcrypt hash: put {bcrypt} before it (or {noop} if it really is the password)";
		}
		return null;
	}

	/** Plain text gets the {@code {noop}} that {@link DelegatingPasswordEncoder} wants. */
	private static String stored(String password) {
		return (prefix(password) != null) ? password : "{" + NOOP + "}" + password;
	}

	/** The id as {@link DelegatingPasswordEncoder} reads it: {@code {id}...}, or {@code null}. */
	private static String prefix(String password) {
		int end = password.indexOf('}');
		return (password.startsWith("{") && end > 0) ? password.substring(1, end) : null;
	}

	private static UserDetails details(String name, String password, Role role) {
		String[] roles = (role == Role.OPERATOR) ? new String[] { Role.OPERATOR.name(), Role.VIEWER.name() }
				: new String[] { Role.VIEWER.name() };
		return User.withUsername(name).password(stored(password)).roles(roles).build();
	}

	private static Role role(UserDetails user) {
		return user.getAuthorities().stream().anyMatch((a) -> a.getAuthority().equals("ROLE_" + Role.OPERATOR.name()))
				? Role.OPERATOR : Role.VIEWER;
	}

}
