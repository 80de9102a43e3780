package dev.bufferedsockets.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The server's settings fit together: {@code header-bytes} is 4 or 2, and with 2,
 * {@code max-message-bytes} is at most 65,535 (a larger limit could never be reached); a
 * {@code client-auth} other than {@code none} comes with an {@code ssl-bundle}. Saying so at
 * startup beats a surprise later.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ConsistentSettingsValidator.class)
public @interface ConsistentSettings {

	String message() default "does not fit the other settings";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
