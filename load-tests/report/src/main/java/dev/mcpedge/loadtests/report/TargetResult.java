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
 * saturation run), {@code gatling/} (the latency run), {@code cpu.txt} (CPU time during the latency
 * run) and {@code warmup-curve.txt} (a fresh JVM's first seconds); a part that is missing is empty.
 */
record TargetResult(String name, Optional<Saturation> saturation, Optional<Latency> latency, Optional<Cpu> cpu,
		Optional<WarmupCurve> curve) {

	/** The request of {@code ToolsCallSimulation} whose latency is reported (its warm-up is left out). */
	static final String MEASURED_REQUEST = "tools/call";

	private static final Pattern CPU_RESULT = Pattern.compile("RESULT cpu_ticks=(\\d+) redis_ticks=(\\d+) clk_tck=(\\d+)");

	private static final Pattern WRK_RESULT = Pattern.compile(
			"RESULT requests=(\\d+) duration_us=(\\d+) non2xx=(\\d+) socket_errors=(\\d+)");

	/** Throughput at saturation (wrk), and the requests that failed in that run. */
	record Saturation(double requestsPerSecond, long errors) {
	}

	/** Response time percentiles in milliseconds (Gatling), and the requests that failed in that run. */
	record Latency(int p50, int p99, int p999, long errors) {
	}

	/**
	 * CPU time per request served during the fixed-rate run, in microseconds: the target's
	 * processes, and the redis-server's (busy only for mcp-edge).
	 */
	record Cpu(double micros, double redisMicros) {
	}

	long errors() {
		return saturation.map(Saturation::errors).orElse(0L) + latency.map(Latency::errors).orElse(0L);
	}

	static TargetResult read(Path results, String name, GatlingConfiguration gatling) throws IOException {
		Path folder = results.resolve(name);
		Optional<LogFileData> run = gatlingRun(folder.resolve("gatling"), gatling);
		return new TargetResult(name, saturation(folder.resolve("wrk.txt")), run.flatMap(TargetResult::latency),
				cpu(folder.resolve("cpu.txt"), run.map(TargetResult::requests)),
				WarmupCurve.read(folder.resolve("warmup-curve.txt")));
	}

	/** The line {@code compare.sh} writes after the latency run, over the requests of that run. */
	private static Optional<Cpu> cpu(Path cpuOutput, Optional<Long> requests) throws IOException {
		if (!Files.exists(cpuOutput) || requests.filter(count -> count > 0).isEmpty()) {
			return Optional.empty();
		}
		Matcher result = CPU_RESULT.matcher(Files.readString(cpuOutput));
		if (!result.find()) {
			return Optional.empty();
		}
		double microsPerTick = 1e6 / Long.parseLong(result.group(3));
		long served = requests.get();
		return Optional.of(new Cpu(Long.parseLong(result.group(1)) * microsPerTick / served,
				Long.parseLong(result.group(2)) * microsPerTick / served));
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
	private static Optional<LogFileData> gatlingRun(Path folder, GatlingConfiguration gatling) throws IOException {
		if (!Files.isDirectory(folder)) {
			return Optional.empty();
		}
		Optional<Path> run;
		try (Stream<Path> runs = Files.list(folder)) {
			run = runs.filter(dir -> Files.exists(dir.resolve("simulation.log"))).max(Comparator.naturalOrder());
		}
		return run.map(dir -> LogFileReader.apply(dir.getFileName().toString(), folder, gatling).read());
	}

	private static Optional<Latency> latency(LogFileData data) {
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

	/** Every request of the run, its warm-up included: what the target served while its CPU time was measured. */
	private static long requests(LogFileData data) {
		Option<GeneralStats> all = data.requestGeneralStats(Option.empty(), Option.empty(), Option.empty());
		return all.isDefined() ? all.get().count() : 0;
	}

	private static int percentile(GeneralStats stats, double rank) {
		return (Integer) stats.percentile().apply(rank);
	}
}
