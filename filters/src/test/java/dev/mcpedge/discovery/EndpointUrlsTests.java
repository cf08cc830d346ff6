package dev.mcpedge.discovery;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointUrlsTests {

	@Test
	void metadataWhenPublicUrlHasPathPrefixThenWellKnownGoesBeforeIt() {
		EndpointUrls urls = new EndpointUrls(URI.create("https://api.example.com/v1/"));
		assertThat(urls.resource("/api/mcp/oauth")).isEqualTo("https://api.example.com/v1/api/mcp/oauth");
		assertThat(urls.metadata("/api/mcp/oauth"))
			.isEqualTo("https://api.example.com/.well-known/oauth-protected-resource/v1/api/mcp/oauth");
		assertThat(urls.basePath()).isEqualTo("/v1");
	}

	@Test
	void metadataWhenPublicUrlIsOriginOnlyThenNoPrefix() {
		EndpointUrls urls = new EndpointUrls(URI.create("http://localhost:8080"));
		assertThat(urls.resource("/api/mcp")).isEqualTo("http://localhost:8080/api/mcp");
		assertThat(urls.metadata("/api/mcp")).isEqualTo("http://localhost:8080/.well-known/oauth-protected-resource/api/mcp");
		assertThat(urls.basePath()).isEmpty();
	}
}
