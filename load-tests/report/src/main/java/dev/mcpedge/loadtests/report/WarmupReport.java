package dev.mcpedge.loadtests.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Writes {@code results.md} and {@code warmup.png} into a results folder of {@code warmup.sh}: one
 * fresh mcp-edge JVM per variant (JDK, class data sharing, AOT cache), each with its warm-up curve;
 * the warm throughput of a variant is the mean of its curve's last {@link #WARM_SECONDS} seconds.
 *
 * <p>The folder holds {@code run.properties} ({@code variants}: the variant folders in table order;
 * {@code settings}: a line describing the run; {@code variant.<name>}: how the variant ran) and per
 * variant {@code warmup-curve.txt} and {@code ready.txt} (seconds from the JVM's start to
 * readiness). A variant without a curve fails the report.
 */
final class WarmupReport {

	static final int WARM_SECONDS = 15;

	private WarmupReport() {
	}

	/** Writes the report; whether every variant has a curve. */
	static boolean write(Path folder) throws IOException {
		Properties run = Report.properties(folder);
		List<WarmupMarkdown.Row> rows = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		StringBuilder variants = new StringBuilder("| variant | ready after s | how it ran |\n|---|---:|---|\n");
		for (String name : run.getProperty("variants").split(",")) {
			name = name.trim();
			Optional<WarmupCurve> curve = WarmupCurve.read(folder.resolve(name).resolve("warmup-curve.txt"));
			if (curve.isEmpty()) {
				missing.add(name);
				continue;
			}
			rows.add(new WarmupMarkdown.Row(name, curve.get(), curve.get().lastSecondsMean(WARM_SECONDS)));
			Path ready = folder.resolve(name).resolve("ready.txt");
			variants.append("| ").append(name)
				.append(" | ").append(Files.exists(ready) ? Files.readString(ready).trim() : "—")
				.append(" | ").append(run.getProperty("variant." + name, ""))
				.append(" |\n");
		}
		Map<String, WarmupCurve> lines = new LinkedHashMap<>();
		rows.forEach(row -> lines.put(row.name(), row.curve()));
		Charts.warmup(lines, folder.resolve("warmup.png"));
		StringBuilder md = new StringBuilder("# mcp-edge warm-up comparison\n\n").append(run.getProperty("settings", ""))
			.append("\n\n")
			.append(WarmupMarkdown.figures(rows, "mean of the last " + WARM_SECONDS + " s"))
			.append('\n')
			.append(variants)
			.append("\n![warm-up](warmup.png)\n\n")
			.append(WarmupMarkdown.perSecond(rows));
		missing.forEach(name -> md.append("\n- FAILED: ").append(name).append(": no warm-up curve\n"));
		Files.writeString(folder.resolve("results.md"), md);
		System.out.print(md);
		return missing.isEmpty();
	}
}
