package dev.mcpedge.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * New temporary directories for the files of the redis-server processes tests start (configuration,
 * data, logs), without the checked exception: a test that cannot create one cannot run.
 */
public final class TempDirectories {

	private TempDirectories() {
	}

	/** A new, empty temporary directory whose name starts with {@code prefix}. */
	public static Path create(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
