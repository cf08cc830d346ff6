package dev.mcpedge.gateway.dev.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.HttpRequestHandler;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

/**
 * The development identity provider's consent page, instead of Spring Authorization Server's default
 * one (which loads its style sheet from a CDN and names a dynamically registered client only by its
 * random id). It shows what a user must see before approving a client that registered itself: the
 * client's name as it registered it (marked as self-chosen), its id, the addresses the authorization
 * code will be sent to, the signed-in user, and the scopes asked for, each one a box to tick. The form
 * posts to the authorization endpoint as SAS's own page does (same field names and element ids); Cancel
 * posts no scope, which SAS answers with {@code access_denied}. Everything shown is HTML-escaped (the
 * client name and redirect URIs come from an unauthenticated registration), and the page allows no
 * script and no resource from elsewhere.
 */
final class ConsentPage implements HttpRequestHandler {

	/** Where SAS sends the browser for consent. */
	static final String PATH = "/oauth2/consent";

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
			+ "base-uri 'none'";

	static final int NAME_LENGTH = 80;

	private final RegisteredClientRepository clients;

	ConsentPage(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		String clientId = request.getParameter("client_id");
		RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
		String state = request.getParameter("state");
		if (user == null || !user.isAuthenticated() || client == null || state == null) {
			response.sendError(HttpServletResponse.SC_BAD_REQUEST, "no authorization request to approve");
			return;
		}
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.getWriter().write(page(request.getContextPath(), client, user.getName(), state,
				requested(request.getParameter("scope"))));
	}

	/**
	 * A self-chosen name as it may be shown: without control and format characters (a right-to-left
	 * override would turn the rest of the sentence around) and at most {@value #NAME_LENGTH} characters
	 * (a long one would push the addresses below out of sight).
	 */
	static String shown(String name) {
		String plain = name.codePoints()
			.filter(c -> Character.getType(c) != Character.CONTROL && Character.getType(c) != Character.FORMAT)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString()
			.strip();
		return plain.length() <= NAME_LENGTH ? plain : plain.substring(0, NAME_LENGTH) + "…";
	}

	private static Set<String> requested(@Nullable String scope) {
		Set<String> scopes = new LinkedHashSet<>();
		if (scope != null) {
			Arrays.stream(scope.split(" ")).filter(s -> !s.isBlank() && !"openid".equals(s)).forEach(scopes::add);
		}
		return scopes;
	}

	private static String page(String contextPath, RegisteredClient client, String user, String state, Set<String> scopes) {
		StringBuilder html = new StringBuilder(2048);
		html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
			.append("<title>Consent required · mcp-edge development identity provider</title>\n")
			.append("<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}")
			.append("code{background:#eee;padding:0 .2em}li{margin:.3em 0}</style>\n</head>\n<body>\n")
			.append("<h1>Consent required</h1>\n")
			.append("<p>Signed in as <strong id=\"user\">").append(htmlEscape(user)).append("</strong>.</p>\n")
			.append("<p>The application <strong id=\"client-name\"><bdi>").append(htmlEscape(shown(client.getClientName())))
			.append("</bdi></strong> (the name it gave itself; client id <code id=\"client-id\">")
			.append(htmlEscape(client.getClientId()))
			.append("</code>) asks to act for you. After you approve, the browser goes to:</p>\n<ul id=\"redirect-uris\">\n");
		client.getRedirectUris().forEach(uri -> html.append("<li><code>").append(htmlEscape(uri)).append("</code></li>\n"));
		html.append("</ul>\n<p>Approve only if you started this sign-in and know that address.</p>\n");
		String form = form(contextPath, client, state);
		html.append(form).append("<p>Tick the permissions you grant:</p>\n");
		if (scopes.isEmpty()) {
			html.append("<p id=\"no-scopes\">none beyond signing you in</p>\n");
		}
		for (String scope : scopes) {
			String escaped = htmlEscape(scope);
			html.append("<p><label><input type=\"checkbox\" name=\"scope\" value=\"").append(escaped)
				.append("\" id=\"").append(escaped).append("\"> <code>").append(escaped)
				.append("</code></label></p>\n");
		}
		html.append("<p><button type=\"submit\" id=\"submit-consent\">Approve</button></p>\n</form>\n")
			.append(form)
			.append("<p><button type=\"submit\" id=\"cancel-consent\">Cancel</button></p>\n</form>\n</body>\n</html>\n");
		return html.toString();
	}

	/** The opening of a form answering this authorization request (Cancel's form sends no scope). */
	private static String form(String contextPath, RegisteredClient client, String state) {
		return "<form method=\"post\" action=\"" + htmlEscape(contextPath + "/oauth2/authorize") + "\">\n"
				+ "<input type=\"hidden\" name=\"client_id\" value=\"" + htmlEscape(client.getClientId()) + "\">\n"
				+ "<input type=\"hidden\" name=\"state\" value=\"" + htmlEscape(state) + "\">\n";
	}
}
