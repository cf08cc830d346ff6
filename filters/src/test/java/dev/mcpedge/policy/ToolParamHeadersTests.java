package dev.mcpedge.policy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** The header rule of {@link ToolParamHeaders}; learning goes through Redis (see the integration tests). */
class ToolParamHeadersTests {

	@Test
	void mirrorWhenToolDeclaresAHeaderThenItCarriesTheForwardedValue() {
		assertThat(ToolParamHeaders.mirror(Optional.of("Test-Mode"), false)).isEqualTo(Map.entry("Mcp-Param-Test-Mode", "false"));
		assertThat(ToolParamHeaders.mirror(Optional.of("Test-Mode"), true)).isEqualTo(Map.entry("Mcp-Param-Test-Mode", "true"));
		assertThat(ToolParamHeaders.mirror(Optional.empty(), true)).isNull();
		assertThat(ToolParamHeaders.mirror(Optional.of("Test-Mode"), null)).isNull();
	}

	@Test
	void disagreesWhenTheClientSentAnotherValueOrTwoValuesThenTrue() {
		Map.Entry<String, String> mirror = Map.entry("Mcp-Param-Test-Mode", "true");
		HttpHeaders headers = new HttpHeaders();
		assertThat(ToolParamHeaders.disagrees(headers, mirror)).as("not sent").isFalse();
		headers.set("mcp-param-test-mode", " true");
		assertThat(ToolParamHeaders.disagrees(headers, mirror)).as("any case, trimmed").isFalse();
		headers.set("Mcp-Param-Test-Mode", "false");
		assertThat(ToolParamHeaders.disagrees(headers, mirror)).isTrue();
		headers.set("Mcp-Param-Test-Mode", "true");
		headers.add("Mcp-Param-Test-Mode", "true");
		assertThat(ToolParamHeaders.disagrees(headers, mirror)).as("sent twice").isTrue();
	}

	@Test
	void validWhenAnHttpTokenThenTrue() {
		assertThat(ToolParamHeaders.valid("Test-Mode")).isTrue();
		assertThat(ToolParamHeaders.valid("Test Mode")).isFalse();
		assertThat(ToolParamHeaders.valid("a\r\nX-MCP-Edge-Access: full")).isFalse();
		assertThat(ToolParamHeaders.valid("")).isFalse();
	}
}
