package dev.mcpedge.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link HeaderCopy} walks the same names, in the same order, with the same values as a plain
 * {@link HttpHeaders} filled the same way, over generated headers with names in several spellings,
 * and removes through its name view as {@link HttpHeaders#headerNames} does.
 */
class HeaderCopyTests {

	private static final String[] NAMES = { "Content-Type", "content-type", "Accept", "ACCEPT", "X-Request-Id",
			"x-request-id", "Mcp-Session-Id", "Authorization", "X-A", "x-a", "X-B" };

	@Test
	void generatedHeadersThenSameWalkAsPlainHeaders() {
		Random random = new Random(16);
		for (int i = 0; i < 2_000; i++) {
			HttpHeaders plain = new HttpHeaders();
			HeaderCopy copy = new HeaderCopy();
			int n = random.nextInt(12);
			for (int h = 0; h < n; h++) {
				String name = NAMES[random.nextInt(NAMES.length)];
				String value = "v" + random.nextInt(5);
				switch (random.nextInt(3)) {
					case 0 -> {
						plain.add(name, value);
						copy.add(name, value);
					}
					case 1 -> {
						plain.set(name, value);
						copy.set(name, value);
					}
					default -> {
						plain.remove(name);
						copy.remove(name);
					}
				}
			}
			assertThat(walk(copy)).isEqualTo(walk(plain));
			assertThat(new ArrayList<>(copy.headerNames())).isEqualTo(new ArrayList<>(plain.headerNames()));
			assertThat(copy).isEqualTo(plain);
		}
	}

	@Test
	void nameRemovedFromTheViewThenHeaderGoneInAnySpelling() {
		HeaderCopy copy = new HeaderCopy();
		copy.add("X-Forged", "a");
		copy.add("x-forged", "b");
		copy.add("Accept", "application/json");
		assertThat(copy.headerNames().contains("X-FORGED")).isTrue();
		assertThat(copy.headerNames()).hasSize(2);
		copy.headerNames().removeIf(name -> name.equalsIgnoreCase("x-forged"));
		assertThat(copy.get("X-Forged")).isNull();
		assertThat(walk(copy)).containsExactly(Map.entry("Accept", List.of("application/json")));
	}

	private static List<Map.Entry<String, List<String>>> walk(HttpHeaders headers) {
		List<Map.Entry<String, List<String>>> entries = new ArrayList<>();
		headers.forEach((name, values) -> entries.add(Map.entry(name, List.copyOf(values))));
		return entries;
	}
}
