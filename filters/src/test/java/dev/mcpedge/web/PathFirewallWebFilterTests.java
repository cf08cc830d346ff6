package dev.mcpedge.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathFirewallWebFilterTests {

	@Test
	void ambiguityWhenCanonicalOrReservedCharacterEncodedThenNone() {
		assertThat(PathFirewallWebFilter.ambiguity("/api/mcp")).isNull();
		assertThat(PathFirewallWebFilter.ambiguity("/admin/keys/key_AbC-1.x~")).isNull();
		assertThat(PathFirewallWebFilter.ambiguity("/files/a%20b%3Ac%40d")).isNull();
		assertThat(PathFirewallWebFilter.ambiguity("")).isNull();
		assertThat(PathFirewallWebFilter.ambiguity(null)).isNull();
	}

	@Test
	void ambiguityWhenUnreservedCharacterEncodedThenNamed() {
		assertThat(PathFirewallWebFilter.ambiguity("/%61dmin/keys")).isEqualTo(
				"percent-encoded unreserved character %61 in the path (write 'a')");
		for (String path : new String[] { "/api/%6Dcp", "/api/mcp%2d", "/api/mcp%5F", "/api/mcp%7e", "/%30", "/api%2e" }) {
			assertThat(PathFirewallWebFilter.ambiguity(path)).as(path).startsWith("percent-encoded unreserved character");
		}
	}

	@Test
	void ambiguityWhenNotAsciiOrMalformedThenNamed() {
		assertThat(PathFirewallWebFilter.ambiguity("/api/m\u00e9p")).isEqualTo("the path must be ASCII");
		assertThat(PathFirewallWebFilter.ambiguity("/api/m%C3%A9p")).startsWith("the path must be ASCII");
		assertThat(PathFirewallWebFilter.ambiguity("/api/mcp%")).isEqualTo("malformed percent-encoding in the path");
		assertThat(PathFirewallWebFilter.ambiguity("/api/mcp%4")).isEqualTo("malformed percent-encoding in the path");
		assertThat(PathFirewallWebFilter.ambiguity("/api/mcp%g1")).isEqualTo("malformed percent-encoding in the path");
	}
}
