package dev.bufferedsockets.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus} in the text format, read as Prometheus would: each
 * sample line is {@code name{label="value",...} number}.
 */
public final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final String text;

	private final List<Sample> samples;

	public PrometheusScrape(String text) {
		this.text = text;
		this.samples = text.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map(PrometheusScrape::parse)
			.toList();
	}

	/** @return the value of the one sample with this name whose labels include {@code labels} */
	public OptionalDouble value(String name, Map<String, String> labels) {
		List<Sample> matching = samples(name, labels);
		if (matching.size() > 1) {
			throw new AssertionError("more than one sample " + name + labels + ": " + matching);
		}
		return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.get(0).value());
	}

	/** @return the value, or 0 if the series does not exist yet (as Prometheus treats a new counter) */
	public double valueOrZero(String name, Map<String, String> labels) {
		return value(name, labels).orElse(0);
	}

	public List<Sample> samples(String name, Map<String, String> labels) {
		return this.samples.stream()
			.filter((sample) -> sample.name().equals(name)
					&& sample.labels().entrySet().containsAll(labels.entrySet()))
			.toList();
	}

	public String text() {
		return this.text;
	}

	private static Sample parse(String line) {
		Matcher sample = SAMPLE.matcher(line);
		if (!sample.matches()) {
			throw new AssertionError("not a Prometheus sample line: " + line);
		}
		Map<String, String> labels = new LinkedHashMap<>();
		if (sample.group(2) != null) {
			Matcher label = LABEL.matcher(sample.group(2));
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
		}
		return new Sample(sample.group(1), labels, number(sample.group(3)));
	}

	private static double number(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

	public record Sample(String name, Map<String, String> labels, double value) {
	}

}
