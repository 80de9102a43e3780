package dev.bufferedsockets.ops;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a bad {@code buffered.*} setting (or {@code spring.security.user.password}) into one line
 * that names the property, its value and what is wrong, instead of Boot's multi-line binding
 * report. A password's value is never shown. Other properties are left to Boot.
 */
public class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final String PREFIX = "buffered.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String name = cause.getName().toString();
		if (!name.startsWith(PREFIX) && !name.equals(StartupConfigurationCheck.BOOT_USER)) {
			return null;
		}
		BindValidationException validation = findCause(cause, BindValidationException.class);
		String description = (validation != null) ? describe(validation.getValidationErrors()) : describe(cause);
		return new FailureAnalysis("Invalid configuration: " + description,
				"Correct the property (see the README's configuration table) and start again.", cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private static String describe(ValidationErrors errors) {
		return errors.getAllErrors()
			.stream()
			.map(error -> describe(error, errors))
			.collect(Collectors.joining("; "));
	}

	/** Names the property and the value as the user wrote it ("0s", not the bound "PT0S"). */
	private static String describe(ObjectError error, ValidationErrors errors) {
		if (error instanceof FieldError field) {
			String name = field.getObjectName() + "." + kebab(field.getField());
			Object written = errors.getBoundProperties()
				.stream()
				.filter(property -> property.getName().toString().equals(name))
				.map(ConfigurationProperty::getValue)
				.findFirst()
				.orElse(field.getRejectedValue());
			return property(name, written) + " " + error.getDefaultMessage();
		}
		return error.getObjectName() + " " + error.getDefaultMessage();
	}

	private static String describe(BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		Throwable reason = NestedExceptionUtils.getMostSpecificCause(cause);
		String why = (reason.getMessage() != null) ? reason.getMessage() : reason.getClass().getSimpleName();
		if (property == null) {
			return cause.getName() + ": " + why;
		}
		Class<?> type = cause.getTarget().getType().resolve();
		if (type != null && type.isEnum()) {
			why = "must be one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
				.collect(Collectors.joining(", "));
		}
		return property(property.getName().toString(), property.getValue()) + " cannot be used: " + why;
	}

	/** {@code name=value}; a password (or an unset or empty property) without its value. */
	private static String property(String name, Object value) {
		return (value == null || value.toString().isEmpty() || name.endsWith("password")) ? name : name + "=" + value;
	}

	private static String kebab(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

}
