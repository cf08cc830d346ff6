package dev.mcpedge.loadtests.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.gatling.charts.stats.GeneralStats;
import io.gatling.charts.stats.LogFileData;
import io.gatling.charts.stats.LogFileReader;
import io.gatling.commons.stats.KO$;
import io.gatling.core.config.GatlingConfiguration;
import scala.Option;

/**
 * What was measured on one target, read from its folder of the results: {@code wrk.txt} (the
 * saturation run) and {@code gatling/} (the latency run); a part that is missing is empty.
 */
record TargetResult(String name, Optional<Saturation> saturation, Optional<Latency> latency) {

	/** The request of {@code ToolsCallSimulation} whose latency is reported (its warm-up is left out). */
	static final String MEASURED_REQUEST = "tools/call";

	private static final Pattern WRK_RESULT = Pattern.compile(
			"RESULT requests=(\\d+) duration_us=(\\d+) non2xx=(\\d+) socket_errors=(\\d+)");

	/** Throughput at saturation (wrk), and the requests that failed in that run. */
	record Saturation(double requestsPerSecond, long errors) {
	}

	/** Response time percentiles in milliseconds (Gatling), and the requests that failed in that run. */
	record Latency(int p50, int p99, int p999, long errors) {
	}

	long errors() {
		return saturation.map(Saturation::errors).orElse(0L) + latency.map(Latency::errors).orElse(0L);
	}

	static TargetResult read(Path results, String name, GatlingConfiguration gatling) throws IOException {
		Path folder = results.resolve(name);
		return new TargetResult(name, saturation(folder.resolve("wrk.txt")), latency(folder.resolve("gatling"), gatling));
	}

	/** The line {@code wrk/tools-call.lua} prints when wrk is done. */
	private static Optional<Saturation> saturation(Path wrkOutput) throws IOException {
		if (!Files.exists(wrkOutput)) {
			return Optional.empty();
		}
		Matcher result = WRK_RESULT.matcher(Files.readString(wrkOutput));
		if (!result.find()) {
			return Optional.empty();
		}
		double seconds = Long.parseLong(result.group(2)) / 1e6;
		return Optional.of(new Saturation(Long.parseLong(result.group(1)) / seconds,
				Long.parseLong(result.group(3)) + Long.parseLong(result.group(4))));
	}

	/** The newest Gatling run in {@code folder}, read from its simulation.log with Gatling's own reader. */
	private static Optional<Latency> latency(Path folder, GatlingConfiguration gatling) throws IOException {
		if (!Files.isDirectory(folder)) {
			return Optional.empty();
		}
		Optional<Path> run;
		try (Stream<Path> runs = Files.list(folder)) {
			run = runs.filter(dir -> Files.exists(dir.resolve("simulation.log"))).max(Comparator.naturalOrder());
		}
		if (run.isEmpty()) {
			return Optional.empty();
		}
		LogFileData data = LogFileReader.apply(run.get().getFileName().toString(), folder, gatling).read();
		Option<GeneralStats> measured = data.requestGeneralStats(Option.apply(MEASURED_REQUEST), Option.empty(),
				Option.empty());
		if (measured.isEmpty()) {
			return Optional.empty();
		}
		Option<GeneralStats> failed = data.requestGeneralStats(Option.empty(), Option.empty(), Option.apply(KO$.MODULE$));
		GeneralStats stats = measured.get();
		return Optional.of(new Latency(percentile(stats, 50), percentile(stats, 99), percentile(stats, 99.9),
				failed.isDefined() ? failed.get().count() : 0));
	}

	private static int percentile(GeneralStats stats, double rank) {
		return (Integer) stats.percentile().apply(rank);
	}
}
