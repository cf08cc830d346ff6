package dev.mcpedge.gateway.dev.identity;

import java.util.List;

/**
 * An endpoint accepts OAuth access tokens but no authorization server is trusted: its protected
 * resource metadata would name none, so no client could ever get a token for it.
 */
class OAuthWithoutIssuerException extends RuntimeException {

	OAuthWithoutIssuerException(List<String> paths) {
		super("The OAuth endpoint" + (paths.size() == 1 ? " " : "s ") + String.join(", ", paths)
				+ (paths.size() == 1 ? " accepts" : " accept") + " OAuth access tokens, but no authorization server is trusted");
	}
}
