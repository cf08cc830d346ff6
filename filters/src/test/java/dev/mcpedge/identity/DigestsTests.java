package dev.mcpedge.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DigestsTests {

	@Test
	void sha256WhenCalledAgainThenTheSameStandardValue() {
		// FIPS 180-2 test vector
		String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
		assertThat(Digests.sha256("abc")).isEqualTo(abc);
		assertThat(Digests.sha256("abc")).isEqualTo(abc);
		assertThat(Digests.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	}

	@Test
	void sha256WhenManyThreadsAtOnceThenEachGetsItsOwnValue() {
		List<CompletableFuture<Boolean>> runs = IntStream.range(0, 8)
			.mapToObj(thread -> CompletableFuture.supplyAsync(() -> IntStream.range(0, 2_000)
				.allMatch(i -> Digests.sha256("key-" + thread + "-" + i).equals(reference("key-" + thread + "-" + i)))))
			.toList();
		assertThat(runs).allSatisfy(run -> assertThat(run.join()).isTrue());
	}

	/** The digest as computed without {@link Digests}: a new instance for each value. */
	private static String reference(String value) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
