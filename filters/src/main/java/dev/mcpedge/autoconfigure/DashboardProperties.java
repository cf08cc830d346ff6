package dev.mcpedge.autoconfigure;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The key dashboard's sign-in and operators, under {@code mcp-edge.dashboard}, read by the gateway's
 * dashboard (declared here with every other {@code mcp-edge.*} setting, which bind strictly). Outside
 * development mode the dashboard is on exactly when {@code issuer-uri} and {@code client-id} are both set;
 * one without the other stops the start, so a typo never leaves an operator guessing. In development mode
 * they replace the development identity provider's dashboard client when set.
 *
 * @param issuerUri the OpenID Connect provider's issuer identifier; its discovery document
 * ({@code /.well-known/openid-configuration}) is read on the first sign-in, not at start. Unset: no
 * dashboard (except in development mode)
 * @param clientId the dashboard's client id at that provider (a confidential web client whose redirect URI
 * is {@code <public base URL>/login/oauth2/code/mcp-edge}). Unset: no dashboard (except in development
 * mode)
 * @param clientSecret the client's secret; unset for a public client (PKCE only). Never logged
 * @param scopes the scopes asked for at sign-in: {@code openid}, plus what the provider needs to put the
 * organization claim into the ID token or the user info (e.g. {@code profile}, or a custom scope)
 * @param organizationClaim the ID token or user info claim naming the user's organizations (a string or a
 * list of strings); default the {@code organization-claim} of the {@code mcp-edge.oauth.issuers} entry
 * with the same issuer URI, else {@code org_id}
 * @param operatorClaim a claim that makes a user an operator, who manages every organization:
 * {@code name=value}, e.g. {@code role=operator}; the claim may be a string equal to the value or a list
 * containing it. Unset: no operator by claim
 * @param operatorSubjects the {@code sub} values of the operators, who manage every organization
 */
public record DashboardProperties(@Nullable URI issuerUri, @Nullable String clientId, @Nullable String clientSecret,
		@DefaultValue("openid") List<String> scopes, @Nullable String organizationClaim,
		@Nullable String operatorClaim, @DefaultValue List<String> operatorSubjects) {

	public static final String PREFIX = "mcp-edge.dashboard";

	public static final String ISSUER_URI = PREFIX + ".issuer-uri";

	public static final String CLIENT_ID = PREFIX + ".client-id";

	public DashboardProperties {
		clientId = StringUtils.hasText(clientId) ? clientId.trim() : null;
		clientSecret = StringUtils.hasText(clientSecret) ? clientSecret : null;
		organizationClaim = StringUtils.hasText(organizationClaim) ? organizationClaim.trim() : null;
		operatorClaim = StringUtils.hasText(operatorClaim) ? operatorClaim.trim() : null;
		scopes = List.copyOf(scopes);
		operatorSubjects = operatorSubjects.stream().filter(StringUtils::hasText).map(String::trim).toList();
		Assert.isTrue(scopes.contains("openid"), PREFIX + ".scopes must contain openid (OpenID Connect sign-in)");
		Assert.isTrue(operatorClaim == null || operatorClaim.matches("[^=\\s]+=[^=]+"),
				PREFIX + ".operator-claim must be a claim name and value, e.g. role=operator");
	}

	/** Whether the dashboard's own client is configured: both the issuer and the client id. */
	public boolean configured() {
		return issuerUri != null && clientId != null;
	}

	/** The setting a half configuration lacks: one of issuer and client id set without the other; else {@code null}. */
	public @Nullable String missing() {
		if (issuerUri != null && clientId == null) {
			return CLIENT_ID;
		}
		if (issuerUri == null && clientId != null) {
			return ISSUER_URI;
		}
		return null;
	}

	/** Never the client secret: settings end up in logs and failure reports. */
	@Override
	public String toString() {
		return "DashboardProperties[issuerUri=" + issuerUri + ", clientId=" + clientId + ", clientSecret="
				+ ((clientSecret != null) ? "<hidden>" : "none") + ", scopes=" + scopes + ", organizationClaim="
				+ organizationClaim + ", operatorClaim=" + operatorClaim + ", operatorSubjects=" + operatorSubjects + "]";
	}
}
