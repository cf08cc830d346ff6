package dev.mcpedge.autoconfigure;

import java.net.URI;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * One trusted authorization server, an entry of {@code mcp-edge.oauth.issuers}: which tokens of it the
 * edge accepts and where in them it finds the caller, the organization and the scopes.
 *
 * @param issuerUri the authorization server's issuer identifier, exactly as in its tokens' {@code iss}
 * @param audience the audience tokens must carry; default the resource URL of the endpoint called
 * (RFC 8707), so a token for another resource is refused
 * @param principalClaim claim naming the caller; default {@code sub}
 * @param organizationClaim claim holding the caller's organization, e.g. Clerk's {@code org_id}
 * @param organizationsClaim claim listing further organizations the caller may act for through
 * {@code X-Organization-Id}
 * @param scopesClaim claim holding the scopes; default {@code scope}, then {@code scp} (space-separated
 * string or list)
 * @param unrestricted whether this issuer's users have the full access of their organization, whatever
 * their scopes
 * @param tokenType the {@code typ} header every access token of this issuer must carry, e.g.
 * {@code at+jwt} (RFC 9068; {@code application/at+jwt} is accepted as the same); a token with another
 * or no {@code typ} is refused (401). Default: not checked
 * @param wildcardScopes whether scopes in this issuer's tokens may be wildcards as API key scopes are
 * ({@code *} grants every tool, {@code payments:*} every {@code payments:...} scope). Default false:
 * such a scope is a literal string that grants only a tool requiring exactly it
 */
public record IssuerProperties(URI issuerUri, String audience, @DefaultValue("sub") String principalClaim,
		String organizationClaim, String organizationsClaim, String scopesClaim, boolean unrestricted,
		String tokenType, boolean wildcardScopes) {

	public IssuerProperties {
		Assert.notNull(issuerUri, "mcp-edge.oauth.issuers[].issuer-uri must be set in every issuer entry");
		Assert.isTrue(tokenType == null || tokenType.matches("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}(/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63})?"),
				() -> "mcp-edge.oauth.issuers[].token-type (" + tokenType + ") of " + issuerUri
						+ " must be a media type such as at+jwt");
	}
}
