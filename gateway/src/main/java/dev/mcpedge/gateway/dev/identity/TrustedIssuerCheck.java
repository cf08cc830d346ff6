package dev.mcpedge.gateway.dev.identity;

import java.util.List;

import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.EndpointProperties;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Stops the start when an endpoint accepts OAuth access tokens and no issuer is trusted (DESIGN §2):
 * the endpoint's metadata would list no {@code authorization_servers}. In development mode
 * {@link DevelopmentIssuer} has added the development identity provider by then, so this only
 * refuses a production configuration.
 */
@Component
class TrustedIssuerCheck implements InitializingBean {

	private final McpEdgeProperties properties;

	TrustedIssuerCheck(McpEdgeProperties properties) {
		this.properties = properties;
	}

	@Override
	public void afterPropertiesSet() {
		if (!properties.oauth().issuers().isEmpty()) {
			return;
		}
		List<String> paths = properties.endpoints().stream().filter(EndpointProperties::acceptsOAuth).map(EndpointProperties::path).toList();
		if (!paths.isEmpty()) {
			throw new OAuthWithoutIssuerException(paths);
		}
	}
}
