package dev.bufferedsockets.commandline;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 10s}, {@code 500ms}, {@code 2m} or a bare number of seconds ({@code 1.5}). */
public class DurationConverter implements ITypeConverter<Duration> {

	private static final Pattern DURATION = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|s|m)?");

	@Override
	public Duration convert(String value) {
		Matcher matcher = DURATION.matcher(value.trim());
		if (!matcher.matches()) {
			throw new TypeConversionException("'" + value + "' is not a duration such as 10s, 500ms or 2m");
		}
		double amount = Double.parseDouble(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "s";
		double millis = switch (unit) {
			case "ms" -> amount;
			case "m" -> amount * 60_000;
			default -> amount * 1000;
		};
		return Duration.ofMillis(Math.round(millis));
	}

}
