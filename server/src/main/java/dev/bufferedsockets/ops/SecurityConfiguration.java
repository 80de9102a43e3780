package dev.bufferedsockets.ops;

import java.time.Clock;

import dev.bufferedsockets.ops.UsersProperties.Role;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP security, least privilege: health and info are open to all (probes and load balancers need
 * them); reading any other actuator endpoint ({@code GET}: tcpserver, metrics, prometheus, health
 * details) needs a {@link Role#VIEWER} or an {@link Role#OPERATOR}; changing anything (any other
 * method, such as {@code POST /actuator/tcpserver}, the keepRunning switch) needs an operator.
 * Credentials are HTTP Basic, users from {@link HttpUsers}. The status page's files are open too:
 * they hold no data, and the page asks for the credentials before it reads
 * {@code /actuator/tcpserver}.
 *
 * <p>The rules hold on whichever port the actuator is: with {@code management.server.port} set
 * the same filter chain guards the management server, {@link EndpointRequest} matches only
 * there, and the main port has no actuator.
 *
 * <p>Actuator requests are exempt from CSRF: they are made by scripts with Basic credentials, not
 * by browser forms, and with CSRF on a correct POST would be refused. Sessions are not created,
 * so every request carries its own credentials.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UsersProperties.class)
public class SecurityConfiguration {

	/** The status page: {@code src/main/resources/static/}, served by {@link StatusPageConfiguration}. */
	private static final String[] STATUS_PAGE = { "/", "/index.html", "/status.css", "/status.js" };

	/** Most source addresses whose failed sign-ins are remembered at once. */
	private static final int FAILED_SIGN_IN_SOURCES = 10_000;

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests
				.requestMatchers(EndpointRequest.to("health", "info")).permitAll()
				.requestMatchers(HttpMethod.GET, STATUS_PAGE).permitAll()
				.requestMatchers(EndpointRequest.toAnyEndpoint().withHttpMethod(HttpMethod.GET))
				.hasRole(Role.VIEWER.name())
				.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(Role.OPERATOR.name())
				.requestMatchers("/error").permitAll()
				.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.csrf(csrf -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint()))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	/** Also makes Boot's own user (with its generated password) step aside. */
	@Bean
	UserDetailsService userDetailsService(UsersProperties users, SecurityProperties boot) {
		return HttpUsers.userDetailsService(users, boot.getUser());
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return HttpUsers.passwordEncoder();
	}

	@Bean
	FailedSignInLog failedSignInLog() {
		return new FailedSignInLog(Clock.systemUTC(), FAILED_SIGN_IN_SOURCES);
	}

}
