package dev.mcpedge.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit record's time is written exactly as {@link Instant#toString()} writes it. */
class IsoInstantTests {

	@Test
	void generatedInstantsThenSameTextAsToString() {
		Random random = new Random(16);
		long first = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
		long end = LocalDateTime.of(10_000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
		for (int i = 0; i < 200_000; i++) {
			long seconds = switch (i % 4) {
				case 0 -> first + (long) (random.nextDouble() * (end - first));
				case 1 -> Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() + random.nextInt(400 * 86_400);
				case 2 -> (random.nextBoolean() ? first : end) + random.nextInt(200_000) - 100_000;
				default -> random.nextLong() % Instant.MAX.getEpochSecond();
			};
			int nanos = switch (random.nextInt(5)) {
				case 0 -> 0;
				case 1 -> random.nextInt(1_000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				case 3 -> random.nextInt(10) * 100_000_000;
				default -> random.nextInt(1_000_000_000);
			};
			Instant instant = Instant.ofEpochSecond(seconds, nanos);
			assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
		}
	}

	@Test
	void edgesThenSameTextAsToString() {
		for (String text : new String[] { "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
				"2024-02-29T12:00:00.001Z", "2026-12-01T06:44:38.100Z", "2026-12-01T06:44:38.000100Z" }) {
			Instant instant = Instant.parse(text);
			assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString()).isEqualTo(text);
		}
		for (Instant instant : new Instant[] { Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.now() }) {
			assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
		}
	}
}
