package dev.bufferedsockets.bench;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.DoubleFunction;

/**
 * A line chart on log-log axes as plain SVG: no script, no stylesheet, nothing fetched, so the
 * report opens anywhere and a chart can be committed as a file.
 */
public final class SvgChart {

	/** A point of a series. */
	public record Point(double x, double y) {
	}

	/**
	 * One line.
	 *
	 * @param name legend text
	 * @param color stroke colour
	 * @param dashed dashed rather than solid (the second server of a comparison)
	 * @param points its points, x ascending
	 */
	public record Series(String name, String color, boolean dashed, List<Point> points) {
	}

	/** Colours that stay apart for readers with common colour blindness. */
	public static final List<String> PALETTE = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
			"#56B4E9");

	private static final int WIDTH = 760;

	private static final int HEIGHT = 400;

	private static final int LEFT = 80;

	private static final int RIGHT = 210;

	private static final int TOP = 40;

	private static final int BOTTOM = 50;

	private final String title;

	private final String xLabel;

	private final String yLabel;

	private final DoubleFunction<String> xTickLabel;

	public SvgChart(String title, String xLabel, String yLabel, DoubleFunction<String> xTickLabel) {
		this.title = title;
		this.xLabel = xLabel;
		this.yLabel = yLabel;
		this.xTickLabel = xTickLabel;
	}

	/** @param standalone true for an .svg file (with the XML namespace), false to inline in HTML */
	public String render(List<Series> series, boolean standalone) {
		TreeSet<Double> xs = new TreeSet<>();
		double yMin = Double.MAX_VALUE;
		double yMax = 0;
		for (Series line : series) {
			for (Point point : line.points()) {
				if (point.y() > 0) {
					xs.add(point.x());
					yMin = Math.min(yMin, point.y());
					yMax = Math.max(yMax, point.y());
				}
			}
		}
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT, "<svg %sviewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
				+ "font-family=\"sans-serif\" font-size=\"12\">%n", standalone ? "xmlns=\"http://www.w3.org/2000/svg\" " : "",
				WIDTH, HEIGHT, WIDTH, HEIGHT));
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		text(svg, WIDTH / 2.0, 22, "middle", "bold", this.title);
		if (xs.isEmpty()) {
			text(svg, WIDTH / 2.0, HEIGHT / 2.0, "middle", "normal", "no data");
			return svg.append("</svg>\n").toString();
		}
		double xLow = Math.log(xs.first());
		double xHigh = Math.max(Math.log(xs.last()), xLow + 1e-9);
		double yLow = Math.floor(Math.log10(yMin));
		double yHigh = Math.max(Math.ceil(Math.log10(yMax)), yLow + 1);
		Scale scale = new Scale(xLow, xHigh, yLow, yHigh);
		axes(svg, xs, scale);
		for (int i = 0; i < series.size(); i++) {
			line(svg, series.get(i), scale, i);
		}
		return svg.append("</svg>\n").toString();
	}

	private void axes(StringBuilder svg, TreeSet<Double> xs, Scale scale) {
		int bottom = HEIGHT - BOTTOM;
		int right = WIDTH - RIGHT;
		svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" stroke=\"#333\" fill=\"none\"/>%n", LEFT, TOP,
				bottom, right));
		for (double x : xs) {
			double px = scale.x(x);
			svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
					px, TOP, px, bottom));
			text(svg, px, bottom + 16, "middle", "normal", this.xTickLabel.apply(x));
		}
		for (double decade = scale.yLow; decade <= scale.yHigh; decade++) {
			double py = scale.y(Math.pow(10, decade));
			svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
					LEFT, py, right, py));
			text(svg, LEFT - 6, py + 4, "end", "normal", decadeLabel(decade));
		}
		text(svg, (LEFT + right) / 2.0, HEIGHT - 12, "middle", "normal", this.xLabel);
		svg.append(String.format(Locale.ROOT,
				"<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
				(TOP + bottom) / 2.0, (TOP + bottom) / 2.0, escape(this.yLabel)));
	}

	private static void line(StringBuilder svg, Series series, Scale scale, int index) {
		StringBuilder path = new StringBuilder();
		for (Point point : series.points()) {
			if (point.y() > 0) {
				path.append(path.isEmpty() ? "M" : " L")
					.append(String.format(Locale.ROOT, "%.1f %.1f", scale.x(point.x()), scale.y(point.y())));
			}
		}
		String dash = series.dashed() ? " stroke-dasharray=\"6 4\"" : "";
		svg.append(String.format(Locale.ROOT, "<path d=\"%s\" stroke=\"%s\" stroke-width=\"2\" fill=\"none\"%s/>%n",
				path, series.color(), dash));
		double legendY = TOP + 10 + index * 18;
		int legendX = WIDTH - RIGHT + 14;
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", legendX,
				legendY, legendX + 24, legendY, series.color(), dash));
		text(svg, legendX + 30, legendY + 4, "start", "normal", series.name());
	}

	private static String decadeLabel(double decade) {
		double value = Math.pow(10, decade);
		if (value >= 1e6) {
			return String.format(Locale.ROOT, "%.0fM", value / 1e6);
		}
		if (value >= 1e3) {
			return String.format(Locale.ROOT, "%.0fk", value / 1e3);
		}
		return (value >= 1) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2g", value);
	}

	private static void text(StringBuilder svg, double x, double y, String anchor, String weight, String text) {
		svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>%n",
				x, y, anchor, weight, escape(text)));
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/** Log-log mapping from data to pixels. */
	private record Scale(double xLow, double xHigh, double yLow, double yHigh) {

		double x(double value) {
			return LEFT + (Math.log(value) - this.xLow) / (this.xHigh - this.xLow) * (WIDTH - LEFT - RIGHT);
		}

		double y(double value) {
			return HEIGHT - BOTTOM - (Math.log10(value) - this.yLow) / (this.yHigh - this.yLow) * (HEIGHT - TOP - BOTTOM);
		}

	}

}
