package dev.mcpedge.oauth;

import java.net.URI;

/**
 * One trusted authorization server and how its tokens are read (the
 * {@code mcp-edge.oauth.issuers[]} settings, whose documentation gives the defaults).
 *
 * @param issuerUri the issuer identifier, exactly as in its tokens' {@code iss}
 * @param audience the audience tokens must carry, or {@code null} for the resource URL of the endpoint
 * called
 * @param principalClaim claim naming the caller
 * @param organizationClaim claim holding the caller's organization, or {@code null}
 * @param organizationsClaim claim listing further organizations the caller may act for, or {@code null}
 * @param scopesClaim claim holding the scopes, or {@code null} for {@code scope}, then {@code scp}
 * @param unrestricted whether this issuer's users have the full access of their organization
 * @param tokenType the {@code typ} header every access token must carry, or {@code null} for unchecked
 * @param wildcardScopes whether scopes in this issuer's tokens may be wildcards
 */
public record IssuerSettings(URI issuerUri, String audience, String principalClaim, String organizationClaim,
		String organizationsClaim, String scopesClaim, boolean unrestricted, String tokenType, boolean wildcardScopes) {
}
