package dev.bufferedsockets.server.admission;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** An IPv4 or IPv6 address or CIDR block, such as {@code 10.0.0.0/8} or {@code ::1}; never a host name. */
@Documented
@Target({ ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CidrValidator.class)
public @interface Cidr {

	String message() default "is not an IPv4 or IPv6 address or CIDR block (like 10.0.0.0/8 or fd00::/8)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
