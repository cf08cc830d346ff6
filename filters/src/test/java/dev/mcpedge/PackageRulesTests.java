package dev.mcpedge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the library's layout that a reader relies on: features own their settings (no feature
 * package reads the bound properties of {@code autoconfigure}), {@code errors} depends on no feature,
 * and every package says what it owns in its {@code package-info.java}.
 */
class PackageRulesTests {

	private static final Path MAIN = Path.of("src/main/java/dev/mcpedge");

	private static final Pattern EDGE_IMPORT = Pattern.compile("^import (?:static )?dev\\.mcpedge\\.(\\w+)\\.",
			Pattern.MULTILINE);

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

	/**
	 * Almost every feature refuses through {@code errors}, so {@code errors} importing a feature closes
	 * a cycle. It may use only packages that import nothing else of the edge themselves ({@code redis}).
	 */
	@Test
	void errorsPackageWhenReadThenImportsNoFeaturePackage() throws IOException {
		for (String used : edgeImports("errors")) {
			assertThat(edgeImports(used)).as("what %s, imported by errors, imports of the edge", used).isEmpty();
		}
	}

	/** The other packages of the edge that the files of {@code name} import. */
	private static Set<String> edgeImports(String name) throws IOException {
		Set<String> imported = new TreeSet<>();
		try (Stream<Path> files = Files.list(MAIN.resolve(name))) {
			files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
				Matcher matcher = EDGE_IMPORT.matcher(read(file));
				while (matcher.find()) {
					imported.add(matcher.group(1));
				}
			});
		}
		imported.remove(name);
		return imported;
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
