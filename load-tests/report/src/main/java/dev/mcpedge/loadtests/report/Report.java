package dev.mcpedge.loadtests.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import io.gatling.core.config.GatlingConfiguration;

/**
 * Writes {@code results.md}, {@code throughput.png} and {@code latency.png} into a results folder
 * of {@code compare.sh}, and checks them; exits with 1 when a check fails (a missing measure or a
 * failed request). The performance targets are reported as met or missed, never failed.
 *
 * <p>Usage: {@code java -jar report.jar <results folder>}. The folder holds {@code run.properties}
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
		Path folder = Path.of(args[0]);
		Properties run = new Properties();
		try (Reader reader = Files.newBufferedReader(folder.resolve("run.properties"))) {
			run.load(reader);
		}
		GatlingConfiguration gatling = GatlingConfiguration.load();
		List<TargetResult> results = new ArrayList<>();
		for (String target : run.getProperty("targets").split(",")) {
			results.add(TargetResult.read(folder, target.trim(), gatling));
		}
		List<String> failures = check(results);
		Charts.throughput(results, folder.resolve("throughput.png"));
		Charts.latency(results, folder.resolve("latency.png"));
		String markdown = markdown(results, run.getProperty("settings", ""), failures);
		Files.writeString(folder.resolve("results.md"), markdown);
		System.out.print(markdown);
		System.exit(failures.isEmpty() ? 0 : 1);
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

	private static String markdown(List<TargetResult> results, String settings, List<String> failures) {
		StringBuilder md = new StringBuilder("# mcp-edge load comparison\n\n").append(settings).append("\n\n");
		md.append("| target | saturation req/s | p50 ms | p99 ms | p99.9 ms | errors | vs nginx | vs bare SCG |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		Optional<TargetResult> nginx = find(results, NGINX);
		Optional<TargetResult> scg = find(results, BARE_SCG);
		for (TargetResult result : results) {
			Optional<TargetResult.Latency> latency = result.latency();
			md.append("| ").append(result.name())
				.append(" | ").append(result.saturation().map(s -> String.format(Locale.ROOT, "%,.0f", s.requestsPerSecond())).orElse("—"))
				.append(" | ").append(latency.map(l -> String.valueOf(l.p50())).orElse("—"))
				.append(" | ").append(latency.map(l -> String.valueOf(l.p99())).orElse("—"))
				.append(" | ").append(latency.map(l -> String.valueOf(l.p999())).orElse("—"))
				.append(" | ").append(result.errors())
				.append(" | ").append(times(ratio(result, nginx)))
				.append(" | ").append(times(ratio(result, scg)))
				.append(" |\n");
		}
		md.append("\nSaturation: wrk, closed loop. Latency: Gatling, open model at a fixed rate, whole milliseconds, "
				+ "warm-up left out. Errors: non-2xx answers and socket errors (wrk) plus failed checks (Gatling, "
				+ "warm-up included). Ratios: saturation throughput.\n\n");
		md.append("![throughput](throughput.png)\n\n![latency](latency.png)\n\n");
		md.append("## Targets\n\nGoals to measure against, not checks: mcp-edge's saturation throughput at least 1.0× bare "
				+ "SCG's and 0.5× nginx's, its p99 at most 1 ms above nginx's.\n\n");
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
