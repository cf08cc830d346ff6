package dev.mcpedge.loadtests.report;

import java.util.List;
import java.util.Locale;

/**
 * The Markdown of warm-up curves, shared by the comparison's report and the warm-up comparison's:
 * a table of the figures (first seconds as a share of warm, the second 80 % of warm is reached) and
 * a folded table of the curves second by second.
 */
final class WarmupMarkdown {

	/**
	 * One fresh JVM.
	 *
	 * @param name what ran
	 * @param curve its first seconds
	 * @param warm its warm throughput, req/s
	 */
	record Row(String name, WarmupCurve curve, double warm) {
	}

	private WarmupMarkdown() {
	}

	/** The figures of each row; {@code warmSource} says where the warm throughput comes from. */
	static String figures(List<Row> rows, String warmSource) {
		StringBuilder md = new StringBuilder("| fresh JVM | first " + WarmupCurve.FIRST_SECONDS
				+ " s, share of warm | " + Math.round(WarmupCurve.REACHED * 100) + " % of warm from second | warm req/s ("
				+ warmSource + ") |\n|---|---:|---:|---:|\n");
		for (Row row : rows) {
			md.append("| ").append(row.name())
				.append(" | ").append(String.format(Locale.ROOT, "%.2f×", row.curve().firstSecondsShare(row.warm())))
				.append(" | ").append(row.curve().secondReaching(row.warm()).stream().mapToObj(String::valueOf).findFirst()
					.orElse("not in " + row.curve().requestsPerSecond().length + " s"))
				.append(" | ").append(String.format(Locale.ROOT, "%,.0f", row.warm()))
				.append(" |\n");
		}
		md.append("\nShare: mean req/s of the first ").append(WarmupCurve.FIRST_SECONDS)
			.append(" s of load over the warm req/s. Second: the first second of load from which ")
			.append(WarmupCurve.WINDOW).append(" s in a row average at least ")
			.append(Math.round(WarmupCurve.REACHED * 100)).append(" % of the warm req/s.\n");
		return md.toString();
	}

	/** The curves second by second, folded (a {@code <details>} element). */
	static String perSecond(List<Row> rows) {
		StringBuilder md = new StringBuilder("<details><summary>req/s second by second</summary>\n\n| second |");
		rows.forEach(row -> md.append(' ').append(row.name()).append(" |"));
		md.append("\n|---:|").append("---:|".repeat(rows.size())).append('\n');
		int seconds = rows.stream().mapToInt(row -> row.curve().requestsPerSecond().length).max().orElse(0);
		for (int second = 0; second < seconds; second++) {
			md.append("| ").append(second + 1).append(" |");
			for (Row row : rows) {
				double[] rates = row.curve().requestsPerSecond();
				md.append(' ').append(second < rates.length ? String.format(Locale.ROOT, "%,.0f", rates[second]) : "")
					.append(" |");
			}
			md.append('\n');
		}
		return md.append("\n</details>\n").toString();
	}
}
