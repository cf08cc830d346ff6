package dev.mcpedge.errors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerChallengeTests {

	@Test
	void renderWhenNoErrorThenResourceMetadataOnly() {
		BearerChallenge challenge = BearerChallenge.resourceMetadata("https://a.example/.well-known/oauth-protected-resource/mcp");
		assertThat(challenge.render(null, null))
			.isEqualTo("Bearer resource_metadata=\"https://a.example/.well-known/oauth-protected-resource/mcp\"");
	}

	@Test
	void renderWhenErrorAndDescriptionThenBothQuotedAndEscaped() {
		BearerChallenge challenge = BearerChallenge.realm("mcp-edge");
		assertThat(challenge.render("invalid_token", "bad \"key\" \\ here"))
			.isEqualTo("Bearer realm=\"mcp-edge\", error=\"invalid_token\", error_description=\"bad \\\"key\\\" \\\\ here\"");
	}
}
