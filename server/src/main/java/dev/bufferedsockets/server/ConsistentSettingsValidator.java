package dev.bufferedsockets.server;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import dev.bufferedsockets.protocol.HeaderFormat;

/** Checks {@link ConsistentSettings}, reporting each problem on the property to change. */
public class ConsistentSettingsValidator implements ConstraintValidator<ConsistentSettings, ServerProperties> {

	@Override
	public boolean isValid(ServerProperties properties, ConstraintValidatorContext context) {
		if (properties == null) {
			return true;
		}
		if (properties.headerBytes() != 4 && properties.headerBytes() != 2) {
			return violation(context, "headerBytes", "must be 4 or 2");
		}
		long most = HeaderFormat.ofBytes(properties.headerBytes()).maxLength();
		if (properties.maxMessageBytes() > most) {
			return violation(context, "maxMessageBytes", "must be at most " + most + " with buffered.server.header-bytes="
					+ properties.headerBytes() + " (the largest length such a header can announce)");
		}
		if (properties.clientAuth() != ClientAuth.NONE && !properties.hasSslBundle()) {
			return violation(context, "clientAuth", "needs buffered.server.ssl-bundle: client certificates come with TLS");
		}
		return true;
	}

	private static boolean violation(ConstraintValidatorContext context, String property, String message) {
		context.disableDefaultConstraintViolation();
		context.buildConstraintViolationWithTemplate(message).addPropertyNode(property).addConstraintViolation();
		return false;
	}

}
