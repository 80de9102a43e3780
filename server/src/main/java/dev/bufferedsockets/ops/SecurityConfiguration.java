package dev.bufferedsockets.ops;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP security: health and info are open to all (probes and load balancers need them); every
 * other actuator endpoint needs HTTP Basic as Boot's user ({@code spring.security.user.*}).
 * The status page's files are open too: they hold no data, and the page asks for the credentials
 * before it reads {@code /actuator/tcpserver}.
 *
 * <p>Actuator requests are exempt from CSRF: they are made by scripts with Basic credentials, not
 * by browser forms, and with CSRF on a correct POST would be refused. Sessions are not created,
 * so every request carries its own credentials.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	/** The status page: {@code src/main/resources/static/}. */
	private static final String[] STATUS_PAGE = { "/", "/index.html", "/status.css", "/status.js" };

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests
				.requestMatchers(EndpointRequest.to("health", "info")).permitAll()
				.requestMatchers(HttpMethod.GET, STATUS_PAGE).permitAll()
				.requestMatchers(EndpointRequest.toAnyEndpoint()).authenticated()
				.requestMatchers("/error").permitAll()
				.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.csrf(csrf -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint()))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

}
