package dev.mcpedge.identity;

import java.util.List;

import dev.mcpedge.autoconfigure.McpEdgeProperties;

import org.springframework.http.HttpHeaders;

/**
 * Sets the headers that tell the backend who called (DESIGN §6). Inbound headers with the same
 * names, and {@code Authorization}, are removed first, so a caller can never speak for the edge.
 */
public final class IdentityHeaders {

	private final String authMethod;
	private final String principal;
	private final String organization;
	private final String scopes;
	private final String mode;
	private final String requestId;
	private final List<String> all;

	public IdentityHeaders(McpEdgeProperties.IdentityHeaders names) {
		this.authMethod = names.authMethod();
		this.principal = names.principal();
		this.organization = names.organization();
		this.scopes = names.scopes();
		this.mode = names.mode();
		this.requestId = names.requestId();
		this.all = List.of(authMethod, principal, organization, scopes, mode, requestId);
	}

	/** Removes {@code Authorization} and every identity header name from a request's headers. */
	public void strip(HttpHeaders headers) {
		headers.remove(HttpHeaders.AUTHORIZATION);
		for (String name : all) {
			headers.remove(name);
		}
	}

	/**
	 * Replaces the identity headers with the ones of {@code identity}. The scopes header is absent
	 * for an unrestricted identity and present (possibly empty) otherwise; the mode header is absent
	 * when the credential does not fix a mode.
	 */
	public void apply(HttpHeaders headers, EdgeIdentity identity, String requestIdValue) {
		strip(headers);
		headers.set(authMethod, identity.authMethod().value());
		headers.set(principal, identity.principal());
		if (identity.organizationId() != null) {
			headers.set(organization, identity.organizationId());
		}
		if (!identity.unrestricted()) {
			headers.set(scopes, String.join(" ", identity.scopes()));
		}
		if (identity.mode() != null) {
			headers.set(mode, identity.mode().value());
		}
		headers.set(requestId, requestIdValue);
	}
}
