package dev.mcpedge.loadtests.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.gatling.core.config.GatlingConfiguration;

/**
 * Writes {@code results.md}, {@code throughput.png}, {@code latency.png} and, when warm-up curves
 * were recorded, {@code warmup.png} into a results folder of {@code compare.sh}, and checks them;
 * exits with 1 when a check fails (a missing measure or a failed request). The performance
 * targets are reported as met or missed, never failed.
 *
 * <p>Usage: {@code java -jar report.jar <results folder>}, or {@code java -jar report.jar --warmup
 * <results folder>} for a folder of {@code warmup.sh} ({@link WarmupReport}). The folder holds {@code run.properties}
 * ({@code targets}: the target folders in table order; {@code settings}: a line describing the run),
 * and one folder per target (see
 * {@link TargetResult}). Every target must have both measures and no failed request.
 */
public final class Report {

	private static final String NGINX = "nginx";

	private static final String BARE_SCG = "bare-scg";

	private Report() {
	}

	public static void main(String[] args) throws IOException {
		System.setProperty("java.awt.headless", "true");
		if (args[0].equals("--warmup")) {
			System.exit(WarmupReport.write(Path.of(args[1])) ? 0 : 1);
		}
		Path folder = Path.of(args[0]);
		Properties run = properties(folder);
		GatlingConfiguration gatling = GatlingConfiguration.load();
		List<TargetResult> results = new ArrayList<>();
		for (String target : run.getProperty("targets").split(",")) {
			results.add(TargetResult.read(folder, target.trim(), gatling));
		}
		List<String> failures = check(results);
		Charts.throughput(results, folder.resolve("throughput.png"));
		Charts.latency(results, folder.resolve("latency.png"));
		List<WarmupMarkdown.Row> curves = curves(results);
		if (!curves.isEmpty()) {
			Map<String, WarmupCurve> lines = new LinkedHashMap<>();
			curves.forEach(row -> lines.put(row.name(), row.curve()));
			Charts.warmup(lines, folder.resolve("warmup.png"));
		}
		String markdown = markdown(results, curves, run.getProperty("settings", ""), failures);
		Files.writeString(folder.resolve("results.md"), markdown);
		System.out.print(markdown);
		System.exit(failures.isEmpty() ? 0 : 1);
	}

	/** The run's settings: {@code run.properties} of the folder. */
	static Properties properties(Path folder) throws IOException {
		Properties run = new Properties();
		try (Reader reader = Files.newBufferedReader(folder.resolve("run.properties"))) {
			run.load(reader);
		}
		return run;
	}

	/** The targets with a warm-up curve, each against its saturation throughput. */
	private static List<WarmupMarkdown.Row> curves(List<TargetResult> results) {
		List<WarmupMarkdown.Row> rows = new ArrayList<>();
		for (TargetResult result : results) {
			if (result.curve().isPresent() && result.saturation().isPresent()) {
				rows.add(new WarmupMarkdown.Row(result.name(), result.curve().get(),
						result.saturation().get().requestsPerSecond()));
			}
		}
		return rows;
	}

	/** What makes the run unusable: a missing measure or a failed request. */
	private static List<String> check(List<TargetResult> results) {
		List<String> failures = new ArrayList<>();
		for (TargetResult result : results) {
			if (result.saturation().isEmpty()) {
				failures.add(result.name() + ": no saturation result (wrk)");
			}
			if (result.latency().isEmpty()) {
				failures.add(result.name() + ": no latency result (Gatling)");
			}
			if (result.errors() > 0) {
				failures.add(result.name() + ": " + result.errors() + " failed requests");
			}
		}
		return failures;
	}

	private static String markdown(List<TargetResult> results, List<WarmupMarkdown.Row> curves, String settings,
			List<String> failures) {
		StringBuilder md = new StringBuilder("# mcp-edge load comparison\n\n").append(settings).append("\n\n");
		md.append("| target | saturation req/s | p50 ms | p99 ms | p99.9 ms | CPU µs/request | Redis CPU µs/request | errors | vs nginx | vs bare SCG |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		Optional<TargetResult> nginx = find(results, NGINX);
		Optional<TargetResult> scg = find(results, BARE_SCG);
		for (TargetResult result : results) {
			Optional<TargetResult.Latency> latency = result.latency();
			md.append("| ").append(result.name())
				.append(" | ").append(result.saturation().map(s -> String.format(Locale.ROOT, "%,.0f", s.requestsPerSecond())).orElse("—"))
				.append(" | ").append(latency.map(l -> String.valueOf(l.p50())).orElse("—"))
				.append(" | ").append(latency.map(l -> String.valueOf(l.p99())).orElse("—"))
				.append(" | ").append(latency.map(l -> String.valueOf(l.p999())).orElse("—"))
				.append(" | ").append(result.cpu().map(c -> String.format(Locale.ROOT, "%.0f", c.micros())).orElse("—"))
				.append(" | ").append(result.cpu().map(c -> String.format(Locale.ROOT, "%.0f", c.redisMicros())).orElse("—"))
				.append(" | ").append(result.errors())
				.append(" | ").append(times(ratio(result, nginx)))
				.append(" | ").append(times(ratio(result, scg)))
				.append(" |\n");
		}
		md.append("\nSaturation: wrk, closed loop. Latency: Gatling, open model at a fixed rate, whole milliseconds, "
				+ "warm-up left out. CPU: user + system time of the target's processes (the stub, nginx's master and "
				+ "workers, the gateway's JVM) and of the redis-server during the Gatling run, over every request of "
				+ "that run (its warm-up included), so idle time between runs adds nothing and the load generator's "
				+ "share of the cores does not count. Errors: non-2xx answers and socket errors (wrk) plus failed "
				+ "checks (Gatling, warm-up included). Ratios: saturation throughput.\n\n");
		md.append("![throughput](throughput.png)\n\n![latency](latency.png)\n\n");
		if (!curves.isEmpty()) {
			md.append("## Warm-up of a fresh JVM\n\n").append(WarmupMarkdown.figures(curves, "saturation run"))
				.append("\n![warm-up](warmup.png)\n\n").append(WarmupMarkdown.perSecond(curves)).append('\n');
		}
		md.append("## Targets\n\nGoals to measure against, not checks: mcp-edge's saturation throughput at least 1.0× bare "
				+ "SCG's and 0.5× nginx's, its CPU per request at most bare SCG's, the first " + WarmupCurve.FIRST_SECONDS
				+ " s of a fresh JVM at least 0.5× its warm throughput, its p99 at most 1 ms above nginx's.\n\n");
		for (TargetResult edge : results) {
			if (edge.name().startsWith("mcp-edge")) {
				md.append("- ").append(edge.name()).append(": ").append(targets(edge, scg, nginx)).append('\n');
			}
		}
		md.append("\n## Checks\n\n");
		if (failures.isEmpty()) {
			md.append("All passed.\n");
		}
		failures.forEach(failure -> md.append("- FAILED: ").append(failure).append('\n'));
		return md.toString();
	}

	private static String targets(TargetResult edge, Optional<TargetResult> scg, Optional<TargetResult> nginx) {
		List<String> parts = new ArrayList<>();
		ratio(edge, scg).ifPresent(r -> parts.add(String.format(Locale.ROOT, "%.2f× bare SCG (%s)", r, r >= 1.0 ? "met" : "missed")));
		ratio(edge, nginx).ifPresent(r -> parts.add(String.format(Locale.ROOT, "%.2f× nginx (%s)", r, r >= 0.5 ? "met" : "missed")));
		Optional<Double> bareCpu = scg.flatMap(TargetResult::cpu).map(TargetResult.Cpu::micros);
		if (edge.cpu().isPresent() && bareCpu.filter(micros -> micros > 0).isPresent()) {
			double ratio = edge.cpu().get().micros() / bareCpu.get();
			parts.add(String.format(Locale.ROOT, "CPU per request %.2f× bare SCG's (%s)", ratio, ratio <= 1.0 ? "met" : "missed"));
		}
		if (edge.curve().isPresent() && edge.saturation().isPresent()) {
			double share = edge.curve().get().firstSecondsShare(edge.saturation().get().requestsPerSecond());
			parts.add(String.format(Locale.ROOT, "first %d s of a fresh JVM %.2f× warm (%s)", WarmupCurve.FIRST_SECONDS,
					share, share >= 0.5 ? "met" : "missed"));
		}
		if (edge.latency().isPresent() && nginx.flatMap(TargetResult::latency).isPresent()) {
			int added = edge.latency().get().p99() - nginx.get().latency().get().p99();
			parts.add(String.format(Locale.ROOT, "p99 %+d ms over nginx (%s)", added, added <= 1 ? "met" : "missed"));
		}
		return String.join(", ", parts);
	}

	private static Optional<TargetResult> find(List<TargetResult> results, String name) {
		return results.stream().filter(r -> r.name().equals(name)).findFirst();
	}

	/** Saturation throughput of {@code result} over that of {@code reference}. */
	private static Optional<Double> ratio(TargetResult result, Optional<TargetResult> reference) {
		Optional<Double> base = reference.flatMap(TargetResult::saturation).map(TargetResult.Saturation::requestsPerSecond);
		return result.saturation()
			.map(TargetResult.Saturation::requestsPerSecond)
			.flatMap(value -> base.filter(b -> b > 0).map(b -> value / b));
	}

	private static String times(Optional<Double> ratio) {
		return ratio.map(r -> String.format(Locale.ROOT, "%.2f×", r)).orElse("—");
	}
}
