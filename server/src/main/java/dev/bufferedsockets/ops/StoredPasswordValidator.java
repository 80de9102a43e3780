package dev.bufferedsockets.ops;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Accepts what {@link HttpUsers#passwordProblem(String)} finds nothing wrong with, saying what is wrong otherwise. */
public class StoredPasswordValidator implements ConstraintValidator<StoredPassword, String> {

	@Override
	public boolean isValid(String value, ConstraintValidatorContext context) {
		String problem = (value != null) ? HttpUsers.passwordProblem(value) : null;
		if (problem == null) {
			return true;
		}
		context.disableDefaultConstraintViolation();
		context.buildConstraintViolationWithTemplate(escape(problem)).addConstraintViolation();
		return false;
	}

	/** The message is literal text, not a Bean Validation template: {bcrypt} is no parameter. */
	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
	}

}
