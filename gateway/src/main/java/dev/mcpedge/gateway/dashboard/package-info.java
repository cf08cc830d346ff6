/**
 * The key dashboard (issue 17, point 2): a page at {@code /dashboard} on the server port, never
 * proxied, where a partner's user lists, creates and revokes the API keys of their organization. This
 * package is being built in steps; this comment is its design, the contract the steps follow.
 * <h2>Sign-in</h2>
 * OpenID Connect login (authorization code with PKCE) against the trusted identity provider, with Spring
 * Security WebFlux's OAuth 2.0 client ({@code spring-security-oauth2-client}, without Boot's
 * auto-configuration). The registration is named {@code mcp-edge}, so the redirect URI is
 * {@code <base>/login/oauth2/code/mcp-edge}. The operator configures the client with the
 * {@code mcp-edge.dashboard.*} settings ({@code dev.mcpedge.autoconfigure.DashboardProperties}: issuer,
 * client id, client secret, scopes); the dashboard is on exactly when the issuer and the client id are
 * both set, one without the other stops the start ({@code DashboardSettingsCheck}),
 * and without them it is off (its paths answer 404), never an open page. The provider's endpoints come
 * from its discovery document, read on the first sign-in rather than at start
 * ({@code DiscoveredClientRegistration}): a provider that is down makes the
 * sign-in answer 503 and is tried again, but never stops the gateway or its MCP traffic. In development
 * mode, without those settings, the development identity provider ({@code dev.mcpedge.gateway.dev.identity})
 * registers the dashboard as a confidential client of its own (secret generated at each start,
 * {@code openid} scope) and the gateway uses it without any setting; with them, they win.
 * <h2>Scope of the security filter chain</h2>
 * One {@code SecurityWebFilterChain}, ordered first and matching only {@code /dashboard/**},
 * {@code /login/oauth2/**} and {@code /oauth2/**}. Everything else (the MCP routes, the OAuth
 * endpoint, the admin API, discovery, actuator) does not match it and passes through untouched: no
 * session is created, no CSRF check, no security header added there, so the edge's request path keeps
 * its cost and behaviour.
 * <h2>Session and browser protections</h2>
 * <ul>
 * <li>The WebSession cookie is {@code HttpOnly} and {@code SameSite=Lax}; {@code Secure} when the
 * request arrived over https: directly over TLS, or through a proxy whose {@code X-Forwarded-Proto} the
 * server trusts ({@code server.forward-headers-strategy=native}, which Spring Boot turns on by itself on
 * Kubernetes). The dashboard reads no forwarded header itself.</li>
 * <li>CSRF protection on every change (POST): a synchronizer token from the session, rendered as a
 * hidden form field; a POST without it is refused with 403.</li>
 * <li>A {@code Content-Security-Policy} on every dashboard page: {@code default-src 'self'}, no inline
 * script, {@code frame-ancestors 'none'}, {@code form-action 'self'} (plus the identity provider for the
 * login redirect); {@code X-Content-Type-Options}, {@code Referrer-Policy: no-referrer} and
 * {@code Cache-Control: no-store}, so a page that shows a secret is not kept by the browser or a
 * proxy.</li>
 * </ul>
 * <h2>Pages</h2>
 * Server-rendered with Thymeleaf's reactive view support ({@code spring-boot-starter-thymeleaf} on
 * WebFlux); no JavaScript build step. The copy button is a small static script served from
 * {@code /dashboard/static/}, allowed by the policy as {@code 'self'}.
 * <ul>
 * <li>List: the keys of the organizations the user may manage: name, mode (live/test), redacted key,
 * scopes, status, created, last used, expires.</li>
 * <li>Create: name, mode, scopes (chosen from {@code mcp-edge.oauth.scopes-supported} /
 * the tool-scope mapping), expiry. The answer page shows the secret once, with a ready-to-paste
 * {@code claude mcp add --transport http <name> <base>/api/mcp --header "Authorization: Bearer <key>"}
 * line; it is never rendered again (the list shows the redacted form only).</li>
 * <li>Revoke: a confirmation page, then a POST.</li>
 * </ul>
 * Keys are managed through {@code dev.mcpedge.keys.ApiKeyAdministration}, as the admin API does; the
 * dashboard adds no second way to store them.
 * <h2>Who may manage what</h2>
 * A user manages the organizations their ID token (or user info) names in the organization claim
 * ({@code mcp-edge.dashboard.organization-claim}; by default the {@code organization-claim} of the
 * {@code mcp-edge.oauth.issuers} entry with the same issuer, else {@code org_id}). An operator manages every
 * organization: a user whose token has {@code mcp-edge.dashboard.operator-claim} (a claim name and value,
 * e.g. {@code role=operator}; a string equal to it or a list containing it) or whose subject is in
 * {@code mcp-edge.dashboard.operator-subjects}. The page says so, lists the operator's own organizations
 * as links, and has a field to open any organization by its id ({@code /dashboard?organization=<id>}):
 * the key store indexes keys per organization, so the list reads one organization's index, never a scan
 * of the keyspace or a cross-slot command, which Redis Cluster could not serve. Every key operation checks
 * the key's organization against {@code DashboardUser.manages} on the server, whatever the form sent: a
 * user who asks for another organization's list gets 403, for another organization's key 404.
 * <h2>Audit</h2>
 * Every change (create, revoke) writes an audit record through {@code dev.mcpedge.audit.AuditLog}
 * (the JSON line on the logger {@code mcp-edge.audit} and the organization's entry in the Redis
 * stream that {@code GET /admin/audit} and the dashboard read back), with the acting user (issuer and
 * subject) as the principal, {@code "via":"dashboard"}, the action and the key id; never a secret or a
 * session id. The admin API does not write such records for its own key changes today
 * ({@code AdminAuditHandler} only reads the MCP call records), so {@code AuditLog} gains a public
 * method for a key-change record, which the admin API can use later too.
 * <h2>State (branch {@code dash-ops})</h2>
 * Built: the development identity provider's dashboard client; the {@code mcp-edge.dashboard.*} settings
 * (on outside development mode with an issuer and a client id; a half configuration stops the start;
 * discovery on first sign-in); operators by claim or subject, who open any organization by its id;
 * sign-in with PKCE; the chain and the firewall limited to the dashboard's paths; the session cookie
 * ({@code SameSite=Lax} set explicitly: WebFlux as Spring Boot configures it sends none; {@code Secure}
 * over https, tested behind a proxy's {@code X-Forwarded-Proto}); CSP and no-referrer headers; list,
 * create (secret once, {@code claude mcp add} line) and revoke with confirmation; the organization check
 * on every change; CSRF on every POST; audit as a JSON line on {@code mcp-edge.audit}. Not yet: creating a
 * key in an organization the operator opened (the form offers the user's own organizations), the audit
 * record in the Redis stream and the organization's recent records on the page, roll with a grace period,
 * extra organizations, the copy button, the Cursor / VS Code JSON, sign-out.
 */
@NullMarked
package dev.mcpedge.gateway.dashboard;

import org.jspecify.annotations.NullMarked;
