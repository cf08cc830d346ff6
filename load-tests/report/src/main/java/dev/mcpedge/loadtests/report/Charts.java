package dev.mcpedge.loadtests.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/** The PNG charts of a comparison and of a warm-up comparison, drawn with Java2D (headless). */
final class Charts {

	private static final int WIDTH = 900;

	private static final Color TEXT = new Color(0x33, 0x33, 0x33);

	private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);

	private static final Color[] SERIES = { new Color(0x4e, 0x79, 0xa7), new Color(0xf2, 0x8e, 0x2b),
			new Color(0xe1, 0x57, 0x59), new Color(0x59, 0xa1, 0x4f), new Color(0xb0, 0x7a, 0xa1) };

	private Charts() {
	}

	/** Horizontal bars: saturation throughput of each target. */
	static void throughput(List<TargetResult> results, Path file) throws IOException {
		int barHeight = 34;
		int top = 60;
		int left = 170;
		int right = 150;
		BufferedImage image = new BufferedImage(WIDTH, top + results.size() * (barHeight + 16) + 30,
				BufferedImage.TYPE_INT_RGB);
		Graphics2D g = canvas(image, "Saturation throughput (req/s, wrk, higher is better)");
		double max = results.stream()
			.mapToDouble(r -> r.saturation().map(TargetResult.Saturation::requestsPerSecond).orElse(0.0))
			.max()
			.orElse(0);
		int y = top;
		for (TargetResult result : results) {
			g.setColor(TEXT);
			g.drawString(result.name(), 16, y + barHeight / 2 + 5);
			if (result.saturation().isPresent()) {
				double value = result.saturation().get().requestsPerSecond();
				int width = max > 0 ? (int) ((WIDTH - left - right) * value / max) : 0;
				g.setColor(SERIES[0]);
				g.fillRect(left, y, Math.max(width, 1), barHeight);
				g.setColor(TEXT);
				g.drawString(String.format(Locale.ROOT, "%,.0f", value), left + width + 8, y + barHeight / 2 + 5);
			}
			else {
				g.drawString("no result", left + 8, y + barHeight / 2 + 5);
			}
			y += barHeight + 16;
		}
		write(image, g, file);
	}

	/** Grouped bars: p50, p99 and p99.9 of each target. */
	static void latency(List<TargetResult> results, Path file) throws IOException {
		int height = 460;
		int top = 80;
		int bottom = 50;
		int left = 70;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = canvas(image, "Latency at a fixed rate (ms, Gatling open model, lower is better)");
		String[] labels = { "p50", "p99", "p99.9" };
		for (int i = 0; i < labels.length; i++) {
			g.setColor(SERIES[i]);
			g.fillRect(left + i * 90, 46, 14, 14);
			g.setColor(TEXT);
			g.drawString(labels[i], left + i * 90 + 20, 58);
		}
		int max = Math.max(1, results.stream()
			.mapToInt(r -> r.latency().map(TargetResult.Latency::p999).orElse(0))
			.max()
			.orElse(1));
		int scale = niceCeiling(max);
		int ticks = String.valueOf(scale).startsWith("2") ? 4 : 5;
		int plotHeight = height - top - bottom;
		g.setStroke(new BasicStroke(1));
		for (int i = 0; i <= ticks; i++) {
			int y = top + plotHeight - plotHeight * i / ticks;
			g.setColor(GRID);
			g.drawLine(left, y, WIDTH - 20, y);
			g.setColor(TEXT);
			g.drawString(String.valueOf((double) scale * i / ticks).replaceAll("\\.0$", ""), 16, y + 5);
		}
		int group = (WIDTH - left - 20) / Math.max(1, results.size());
		int bar = Math.min(40, (group - 20) / 3);
		for (int t = 0; t < results.size(); t++) {
			TargetResult result = results.get(t);
			int x = left + t * group + (group - 3 * bar) / 2;
			g.setColor(TEXT);
			g.drawString(result.name(), left + t * group + (group - g.getFontMetrics().stringWidth(result.name())) / 2,
					height - bottom + 24);
			if (result.latency().isEmpty()) {
				g.drawString("no result", x, top + plotHeight - 8);
				continue;
			}
			TargetResult.Latency latency = result.latency().get();
			int[] values = { latency.p50(), latency.p99(), latency.p999() };
			for (int i = 0; i < values.length; i++) {
				int barHeight = (int) ((long) plotHeight * values[i] / scale);
				int barTop = top + plotHeight - barHeight;
				g.setColor(SERIES[i]);
				g.fillRect(x + i * bar, barTop, bar - 2, Math.max(barHeight, 1));
				g.setColor(TEXT);
				String value = String.valueOf(values[i]);
				g.drawString(value, x + i * bar + (bar - 2 - g.getFontMetrics().stringWidth(value)) / 2, barTop - 4);
			}
		}
		write(image, g, file);
	}

	/** Lines: throughput second by second of each fresh JVM, from the first second of load. */
	static void warmup(Map<String, WarmupCurve> curves, Path file) throws IOException {
		int height = 460;
		int top = 80;
		int bottom = 50;
		int left = 80;
		int right = 20;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = canvas(image, "Warm-up of a fresh JVM (req/s per second of load, wrk, higher is better)");
		int seconds = Math.max(1, curves.values().stream().mapToInt(c -> c.requestsPerSecond().length).max().orElse(1));
		int max = (int) Math.max(1, curves.values()
			.stream()
			.flatMapToDouble(c -> Arrays.stream(c.requestsPerSecond()))
			.max()
			.orElse(1));
		int scale = niceCeiling(max);
		int ticks = String.valueOf(scale).startsWith("2") ? 4 : 5;
		int plotHeight = height - top - bottom;
		int plotWidth = WIDTH - left - right;
		for (int i = 0; i <= ticks; i++) {
			int y = top + plotHeight - plotHeight * i / ticks;
			g.setColor(GRID);
			g.drawLine(left, y, WIDTH - right, y);
			g.setColor(TEXT);
			g.drawString(String.format(Locale.ROOT, "%,d", (long) scale * i / ticks), 16, y + 5);
		}
		int step = seconds <= 20 ? 5 : seconds <= 60 ? 10 : 20;
		for (int second = 0; second <= seconds; second += step) {
			g.drawString(second + " s", left + plotWidth * second / seconds - 8, height - bottom + 24);
		}
		int series = 0;
		g.setStroke(new BasicStroke(2));
		for (Map.Entry<String, WarmupCurve> curve : curves.entrySet()) {
			Color color = SERIES[series % SERIES.length];
			g.setColor(color);
			g.fillRect(left + series * 200, 46, 14, 14);
			g.setColor(TEXT);
			g.drawString(curve.getKey(), left + series * 200 + 20, 58);
			g.setColor(color);
			double[] rates = curve.getValue().requestsPerSecond();
			for (int i = 1; i < rates.length; i++) {
				// each value is drawn at the end of its second
				g.drawLine(left + plotWidth * i / seconds, top + plotHeight - (int) (plotHeight * rates[i - 1] / scale),
						left + plotWidth * (i + 1) / seconds, top + plotHeight - (int) (plotHeight * rates[i] / scale));
			}
			series++;
		}
		write(image, g, file);
	}

	private static Graphics2D canvas(BufferedImage image, String title) {
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, image.getWidth(), image.getHeight());
		g.setColor(TEXT);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
		g.drawString(title, 16, 30);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
		return g;
	}

	/** The smallest of 1, 2 or 5 times a power of ten that is at least {@code value}. */
	private static int niceCeiling(int value) {
		int power = 1;
		while (power * 10 < value) {
			power *= 10;
		}
		for (int step : new int[] { 1, 2, 5, 10 }) {
			if (power * step >= value) {
				return power * step;
			}
		}
		return power * 10;
	}

	private static void write(BufferedImage image, Graphics2D g, Path file) throws IOException {
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}
}
