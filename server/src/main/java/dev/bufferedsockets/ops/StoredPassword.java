package dev.bufferedsockets.ops;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A password as configured for an HTTP user, in a form {@link HttpUsers#passwordEncoder()} can
 * check: {@code {bcrypt}} and a bcrypt hash, {@code {noop}} and plain text, or plain text alone.
 */
@Documented
@Target({ ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = StoredPasswordValidator.class)
public @interface StoredPassword {

	/** The validator gives a more precise message; this one is the fallback. */
	String message() default "is not a usable password";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
