package dev.bufferedsockets.ops;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import dev.bufferedsockets.gateway.BufferedClientProperties;
import dev.bufferedsockets.server.ServerProperties;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Binds and validates the {@code buffered.*} properties (and {@code spring.security.user.password})
 * as soon as the environment is known, before any bean exists or any port is bound. A bad value
 * then stops the application with {@link ConfigurationFailureAnalyzer}'s one-line report, not
 * halfway through starting the web server. The records are validated again, the usual way, when
 * their beans are created.
 */
public class StartupConfigurationCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	/** Boot's single user, which {@link HttpUsers} takes as an operator when no other user is configured. */
	static final String BOOT_USER = "spring.security.user";

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		Binder binder = Binder.get(event.getEnvironment());
		try (ValidatorFactory validators = Validation.buildDefaultValidatorFactory()) {
			ValidationBindHandler validation = new ValidationBindHandler(
					new SpringValidatorAdapter(validators.getValidator()));
			binder.bindOrCreate("buffered.server", Bindable.of(ServerProperties.class), validation);
			binder.bindOrCreate("buffered.client", Bindable.of(BufferedClientProperties.class), validation);
			binder.bindOrCreate("buffered.security", Bindable.of(UsersProperties.class), validation);
			binder.bindOrCreate(BOOT_USER, Bindable.of(BootUser.class), validation);
		}
	}

	/** After logging is set up, so the failure report is logged like any other. */
	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

	/** What {@link HttpUsers} reads of {@code spring.security.user.*} and must be able to check. */
	record BootUser(@StoredPassword String password) {
	}

}
