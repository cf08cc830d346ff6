package dev.mcpedge.autoconfigure;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build generates from the settings records (what an IDE shows while
 * editing {@code application.yml}): real defaults, not the zero of a primitive, and a description for
 * every {@code mcp-edge.*} property.
 */
class ConfigurationMetadataTests {

	private static final Map<String, JsonNode> properties = new LinkedHashMap<>();

	@BeforeAll
	static void readTheGeneratedMetadata() throws IOException, URISyntaxException {
		Path classes = Path.of(McpEdgeProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		JsonNode metadata = JsonMapper.builder().build()
			.readTree(classes.resolve("META-INF/spring-configuration-metadata.json").toFile());
		metadata.get("properties").forEach(property -> properties.put(property.get("name").asString(), property));
	}

	@Test
	void rateLimitBucketsWhenListedThenWithTheirDefaults() {
		assertDefault("mcp-edge.rate-limits.default.replenish-rate", 50);
		assertDefault("mcp-edge.rate-limits.default.burst-capacity", 100);
		assertDefault("mcp-edge.rate-limits.organization.replenish-rate", 200);
		assertDefault("mcp-edge.rate-limits.organization.burst-capacity", 400);
		assertDefault("mcp-edge.rate-limits.write-tools.replenish-rate", 5);
		assertDefault("mcp-edge.rate-limits.write-tools.burst-capacity", 10);
		assertDefault("mcp-edge.rate-limits.failed-auth.replenish-rate", 10);
		assertDefault("mcp-edge.rate-limits.failed-auth.burst-capacity", 100);
		assertThat(properties.get("mcp-edge.rate-limits.enabled").get("defaultValue").asBoolean()).isTrue();
	}

	@Test
	void backendTimeoutsWhenListedThenWithTheirDefaults() {
		assertThat(defaultValue("mcp-edge.backend.response-timeout")).isEqualTo("60s");
		assertThat(defaultValue("mcp-edge.backend.connect-timeout")).isEqualTo("2s");
		assertThat(defaultValue("mcp-edge.backend.sse-idle-timeout")).isEqualTo("5m");
		assertThat(defaultValue("mcp-edge.backend.circuit-breaker.wait-duration-in-open-state")).isEqualTo("10s");
	}

	@Test
	void dashboardSettingsWhenListedThenWithTheirDefaults() {
		assertThat(defaultValue("mcp-edge.dashboard.scopes")).isEqualTo("openid");
		assertThat(properties).containsKeys("mcp-edge.dashboard.issuer-uri", "mcp-edge.dashboard.client-id",
				"mcp-edge.dashboard.client-secret", "mcp-edge.dashboard.organization-claim",
				"mcp-edge.dashboard.operator-claim", "mcp-edge.dashboard.operator-subjects");
	}

	@Test
	void everyEdgePropertyWhenListedThenDescribed() {
		assertThat(properties.keySet()).filteredOn(name -> name.startsWith("mcp-edge."))
			.hasSizeGreaterThan(60)
			.allSatisfy(name -> assertThat(properties.get(name).path("description").asString()).as(name).isNotBlank());
	}

	private static void assertDefault(String name, double expected) {
		assertThat(properties.get(name).get("defaultValue").asDouble()).as(name).isEqualTo(expected);
	}

	private static String defaultValue(String name) {
		return properties.get(name).get("defaultValue").asString();
	}
}
