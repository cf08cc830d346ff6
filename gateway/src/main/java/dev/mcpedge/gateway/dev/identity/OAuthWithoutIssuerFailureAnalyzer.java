package dev.mcpedge.gateway.dev.identity;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Tells an operator, without a stack trace, to trust an authorization server or to serve API keys only. */
class OAuthWithoutIssuerFailureAnalyzer extends AbstractFailureAnalyzer<OAuthWithoutIssuerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, OAuthWithoutIssuerException cause) {
		return new FailureAnalysis(cause.getMessage()
				+ ": its protected resource metadata would name no authorization server, so MCP clients could never sign in.",
				"Trust your authorization server with mcp-edge.oauth.issuers[0].issuer-uri (and .organization-claim), "
						+ "or list only API key endpoints in mcp-edge.endpoints (e.g. mcp-edge.endpoints[0].path=/api/mcp, "
						+ "mcp-edge.endpoints[0].credentials=api-key). In development mode (mcp-edge.dev-mode=true, or no Redis "
						+ "configured) the gateway starts and trusts a development identity provider instead.",
				cause);
	}
}
