package dev.mcpedge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the library's layout that a reader relies on: features own their settings (no feature
 * package reads the bound properties of {@code autoconfigure}), and every package says what it owns in
 * its {@code package-info.java}.
 */
class PackageRulesTests {

	private static final Path MAIN = Path.of("src/main/java/dev/mcpedge");

	@Test
	void featurePackagesWhenReadThenNoneImportsTheAutoConfiguration() throws IOException {
		try (Stream<Path> files = Files.walk(MAIN)) {
			List<Path> importing = files.filter(file -> file.toString().endsWith(".java"))
				.filter(file -> !file.startsWith(MAIN.resolve("autoconfigure")))
				.filter(file -> read(file).contains("import dev.mcpedge.autoconfigure."))
				.toList();
			assertThat(importing).isEmpty();
		}
	}

	@Test
	void packagesWhenListedThenEachHasAPackageInfo() throws IOException {
		try (Stream<Path> directories = Files.walk(MAIN)) {
			List<Path> without = directories.filter(Files::isDirectory)
				.filter(directory -> hasJava(directory) && !Files.exists(directory.resolve("package-info.java")))
				.toList();
			assertThat(without).isEmpty();
		}
	}

	private static boolean hasJava(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.anyMatch(file -> file.toString().endsWith(".java"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
