package dev.bufferedsockets.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * {@code header-bytes} is 4 or 2, and with 2, {@code max-message-bytes} is at most 65,535: a
 * larger limit could never be reached, and saying so at startup beats a surprise later.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = HeaderBytesValidator.class)
public @interface HeaderBytes {

	String message() default "does not fit the header";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
