package dev.bufferedsockets.bench;

import java.util.Arrays;

/**
 * The median and range of one figure over repeated runs.
 *
 * @param median the middle value (mean of the two middle ones for an even count)
 * @param min the lowest value
 * @param max the highest value
 */
public record Spread(double median, double min, double max) {

	public static Spread of(double... values) {
		if (values.length == 0) {
			return new Spread(Double.NaN, Double.NaN, Double.NaN);
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		double median = (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
		return new Spread(median, sorted[0], sorted[sorted.length - 1]);
	}

	/** @return the range as a share of the median, e.g. 0.08 for a range 8 % of the median wide */
	public double relativeRange() {
		return (this.median == 0) ? 0 : (this.max - this.min) / this.median;
	}

}
