package dev.bufferedsockets.server.admission;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Accepts what {@link AllowList} can match; rejects host names, which would need a DNS lookup. */
public class CidrValidator implements ConstraintValidator<Cidr, String> {

	@Override
	public boolean isValid(String value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		try {
			AllowList.matcher(value);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
