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
 * script, {@code frame-ancestors 'none'}, {@code form-action 'self'} plus the identity provider's origin
 * (browsers apply {@code form-action} to the redirect that answers the sign-out form);
 * {@code X-Content-Type-Options}, {@code Referrer-Policy: no-referrer} and {@code Cache-Control: no-store},
 * so a page that shows a secret is not kept by the browser or a proxy.</li>
 * <li>Sign-out: a POST form (with the CSRF token) on every page, to {@code /dashboard/sign-out}; Spring
 * Security's logout ends the security context and the WebSession, then sends the browser to the identity
 * provider's end-session endpoint (OpenID Connect RP-initiated logout, the ID token as hint), which ends
 * the provider's session too and sends the browser back to {@code /dashboard}: the next visit asks for
 * the password again. A provider without an end-session endpoint keeps its own session; the browser then
 * goes straight to {@code /dashboard}.</li>
 * </ul>
 * <h2>Pages</h2>
 * Server-rendered with Thymeleaf's reactive view support ({@code spring-boot-starter-thymeleaf} on
 * WebFlux); no JavaScript build step. The copy buttons are a small static script served from
 * {@code /dashboard/static/} (inside the dashboard's paths: behind sign-in, with the same headers), allowed
 * by the policy as {@code 'self'}; without it the buttons stay hidden and the text can be selected.
 * <ul>
 * <li>List: the keys of the organizations the user may manage: name, mode (live/test), redacted key,
 * scopes, status, created, last used, expires; and the newest 20 audit records of those organizations
 * (time, who, method and tool or action and key, decision, status), rendered as text.</li>
 * <li>Create: name, mode, scopes (chosen from {@code mcp-edge.oauth.scopes-supported} /
 * the tool-scope mapping), expiry, extra organizations (the user's other organizations; any organization
 * the user does not manage is refused with 403). The answer page shows the secret once, with a copy
 * button, a ready-to-paste
 * {@code claude mcp add --transport http mcp-edge <base>/api/mcp --header "Authorization: Bearer <key>"}
 * line and the JSON entries for Cursor ({@code ~/.cursor/mcp.json}, {@code mcpServers}) and VS Code
 * ({@code .vscode/mcp.json}, {@code servers} with {@code "type":"http"}), written by the JSON mapper; it
 * is never rendered again (the list shows the redacted form only).</li>
 * <li>Roll (active keys): a confirmation page with the grace period for the old secret (none, 1 hour or
 * 24 hours, only those accepted), then a POST; the answer is the same secret page.</li>
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
 * Every change (create, roll, revoke) writes an audit record through
 * {@code AuditLog.keyChanged} (the JSON line on the logger {@code mcp-edge.audit} and, when
 * {@code mcp-edge.audit.redis-stream} is on, entries in the Redis streams, the organization's own among them, that
 * {@code GET /admin/audit} and the dashboard read back): {@code action} ({@code key.created},
 * {@code key.rolled}, {@code key.revoked}), {@code principal} (the user's subject) and {@code issuer},
 * {@code "via":"dashboard"}, {@code keyId}, {@code organizationId}, {@code time}; never a secret or a
 * session id. The admin API does not write such records for its own key changes yet; it can use the same
 * method.
 * <h2>State</h2>
 * Built: the development identity provider's dashboard client; the {@code mcp-edge.dashboard.*} settings
 * (on outside development mode with an issuer and a client id; a half configuration stops the start;
 * discovery on first sign-in); operators by claim or subject, who open any organization by its id and
 * create keys there; sign-in with PKCE; the chain and the firewall limited to the dashboard's paths; the
 * session cookie ({@code SameSite=Lax} set explicitly: WebFlux as Spring Boot configures it sends none;
 * {@code Secure} over https, tested behind a proxy's {@code X-Forwarded-Proto}); CSP and no-referrer
 * headers; list, create and revoke with confirmation; roll with a grace period; extra organizations; the
 * secret page (once, copy buttons, Claude Code line, Cursor and VS Code JSON); sign-out with RP-initiated
 * logout; the organization check on every change; CSRF on every POST; audit of every change in the log
 * and the Redis stream (on by default with the embedded development Redis), and the organizations'
 * recent records on the list page.
 */
@NullMarked
package dev.mcpedge.gateway.dashboard;

import org.jspecify.annotations.NullMarked;
