package dev.mcpedge.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * API keys, under {@code mcp-edge.api-keys}: their format (the prefixes that tell live from test
 * keys), the in-process cache of validated keys, and how often their use is recorded.
 *
 * @param livePrefix prefix of live keys
 * @param testPrefix prefix of test keys; one prefix may start the other, the longer one wins. Empty
 * turns test mode off: every key is a live key, and the edge never inserts, checks or declares the
 * test-mode argument (for a backend without test data)
 * @param cache in-process cache of validated keys
 * @param lastUsedInterval how often each instance writes the keys' last use times to Redis (one
 * command for all keys), so {@code lastUsedAt} lags real use by at most this much
 */
public record ApiKeysProperties(@DefaultValue("mcp_live_") String livePrefix,
		@DefaultValue("mcp_test_") String testPrefix, @DefaultValue @NestedConfigurationProperty KeyCacheProperties cache,
		@DefaultValue("1s") Duration lastUsedInterval) {

	public ApiKeysProperties {
		Assert.hasText(livePrefix, "mcp-edge.api-keys.live-prefix must not be empty");
		testPrefix = testPrefix == null ? "" : testPrefix;
		String test = testPrefix;
		Assert.isTrue(!livePrefix.equals(testPrefix),
				() -> "mcp-edge.api-keys.live-prefix and test-prefix must differ (both are '" + test + "')");
		Assert.isTrue(lastUsedInterval.toMillis() >= 10,
				() -> "mcp-edge.api-keys.last-used-interval (" + lastUsedInterval + ") must be at least 10ms");
	}

	/** Whether test mode is on: a test prefix is configured (DESIGN §5). */
	public boolean testMode() {
		return !testPrefix.isEmpty();
	}
}
