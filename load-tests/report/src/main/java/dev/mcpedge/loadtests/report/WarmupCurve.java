package dev.mcpedge.loadtests.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Throughput of a fresh JVM second by second under closed-loop load, read from a
 * {@code warmup-curve.txt} (one line per 1 s wrk run: {@code <second> <requests> <duration µs>}),
 * and the two figures drawn from it against a warm throughput: the share of it served in the first
 * seconds, and the second from which the JVM serves most of it.
 */
record WarmupCurve(double[] requestsPerSecond) {

	/** The seconds over which the start of the curve is averaged. */
	static final int FIRST_SECONDS = 10;

	/** The share of the warm throughput the curve must reach. */
	static final double REACHED = 0.8;

	/** The moving average that must reach it, in seconds, so that one lucky second does not count. */
	static final int WINDOW = 3;

	static Optional<WarmupCurve> read(Path file) throws IOException {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		List<String> lines = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
		double[] rates = lines.stream().mapToDouble(line -> {
			String[] fields = line.trim().split("\\s+");
			double seconds = Long.parseLong(fields[2]) / 1e6;
			return seconds > 0 ? Long.parseLong(fields[1]) / seconds : 0;
		}).toArray();
		return rates.length == 0 ? Optional.empty() : Optional.of(new WarmupCurve(rates));
	}

	/** Mean throughput of the first {@link #FIRST_SECONDS} seconds (or all, if fewer) over {@code warm}. */
	double firstSecondsShare(double warm) {
		return mean(0, Math.min(FIRST_SECONDS, requestsPerSecond.length)) / warm;
	}

	/**
	 * The first second (1 for the first) from which the mean of {@link #WINDOW} seconds reaches
	 * {@link #REACHED} of {@code warm}; empty when the curve never does.
	 */
	OptionalInt secondReaching(double warm) {
		for (int start = 0; start + WINDOW <= requestsPerSecond.length; start++) {
			if (mean(start, start + WINDOW) >= REACHED * warm) {
				return OptionalInt.of(start + 1);
			}
		}
		return OptionalInt.empty();
	}

	/** Mean throughput of the last {@code seconds} seconds: the warm throughput of a long curve. */
	double lastSecondsMean(int seconds) {
		return mean(Math.max(0, requestsPerSecond.length - seconds), requestsPerSecond.length);
	}

	private double mean(int from, int to) {
		return to > from ? Arrays.stream(requestsPerSecond, from, to).average().orElse(0) : 0;
	}
}
