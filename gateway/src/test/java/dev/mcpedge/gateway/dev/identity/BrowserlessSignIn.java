package dev.mcpedge.gateway.dev.identity;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.mcpedge.gateway.support.JdkHttp;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an MCP client and its user's browser do to get an access token, over plain HTTP with a client
 * that keeps cookies and does not follow redirects: discovery from the endpoint's 401, dynamic client
 * registration, the authorization request with PKCE and {@code resource}, the login form (with its
 * CSRF token), the consent form, and the token request. Each step asserts what a user would see.
 */
final class BrowserlessSignIn {

	static final String REDIRECT_URI = "http://127.0.0.1:1/callback";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** The body of the last consent page {@link #authorize} saw. */
	String lastConsentPage = "";

	/** What discovery found, starting from the endpoint URL alone. */
	record Discovery(String resource, String issuer, Map<String, Object> metadata) {

		String endpoint(String name) {
			return (String) metadata.get(name);
		}
	}

	/** Follows the endpoint's 401 to its protected resource metadata, then to the authorization server's. */
	Discovery discover(String endpoint) {
		HttpResponse<String> challenge = send(HttpRequest.newBuilder(URI.create(endpoint))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")));
		assertThat(challenge.statusCode()).as(challenge.body()).isEqualTo(401);
		String header = challenge.headers().firstValue("WWW-Authenticate").orElseThrow();
		Matcher metadataUrl = Pattern.compile("resource_metadata=\"([^\"]+)\"").matcher(header);
		assertThat(metadataUrl.find()).as(header).isTrue();
		Map<String, Object> resource = getJson(metadataUrl.group(1));
		assertThat(resource.get("resource")).isEqualTo(endpoint);
		@SuppressWarnings("unchecked")
		List<String> servers = (List<String>) resource.get("authorization_servers");
		assertThat(servers).hasSize(1);
		Map<String, Object> metadata = getJson(servers.get(0) + "/.well-known/oauth-authorization-server");
		assertThat(metadata.get("issuer")).isEqualTo(servers.get(0));
		assertThat(metadata.get("code_challenge_methods_supported")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("S256");
		return new Discovery(endpoint, servers.get(0), metadata);
	}

	/** Registers a public client (no secret, PKCE) without any credential; returns its client id. */
	String register(Discovery discovery) {
		return register(discovery, "browserless test client");
	}

	/** Registers a public client named {@code name}; returns its client id. */
	String register(Discovery discovery, String name) {
		Map<String, Object> client = registerRaw(discovery, Map.of("client_name", name,
				"redirect_uris", List.of(REDIRECT_URI), "grant_types", List.of("authorization_code"), "response_types",
				List.of("code"), "token_endpoint_auth_method", "none"));
		assertThat(client.get("status")).as(client.toString()).isEqualTo(201);
		assertThat(client).doesNotContainKey("client_secret");
		return (String) client.get("client_id");
	}

	/** A registration request without any credential; returns the response body and its status. */
	Map<String, Object> registerRaw(Discovery discovery, Map<String, Object> metadata) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(discovery.endpoint("registration_endpoint")))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(metadata))));
		Map<String, Object> body = parse(response.body());
		body.put("status", response.statusCode());
		return body;
	}

	/**
	 * The authorization code grant with PKCE as a user signs in and consents to {@code scopes}; returns
	 * the token response.
	 */
	Map<String, Object> authorize(Discovery discovery, String clientId, String username, String password,
			List<String> scopes) {
		String verifier = randomUrlSafe(48);
		String state = randomUrlSafe(16);
		String authorize = discovery.endpoint("authorization_endpoint") + "?" + form(Map.of("response_type", "code",
				"client_id", clientId, "redirect_uri", REDIRECT_URI, "scope", String.join(" ", scopes), "state", state,
				"code_challenge", challenge(verifier), "code_challenge_method", "S256", "resource", discovery.resource()));
		HttpResponse<String> toLogin = get(authorize);
		assertThat(toLogin.statusCode()).isEqualTo(302);
		String loginPage = discovery.issuer() + "/login";
		assertThat(toLogin.headers().firstValue("Location")).hasValue(loginPage);
		HttpResponse<String> login = get(loginPage);
		assertThat(login.body()).contains("Please sign in").contains("name=\"username\"");
		HttpResponse<String> signedIn = post(loginPage, Map.of("username", username, "password", password, "_csrf",
				hidden(login.body(), "_csrf")));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		HttpResponse<String> resumed = get(signedIn.headers().firstValue("Location").orElseThrow());
		assertThat(resumed.statusCode()).as("the authorization request resumed, sent to the consent page").isEqualTo(302);
		String consentPage = resumed.headers().firstValue("Location").orElseThrow();
		assertThat(consentPage).startsWith(discovery.issuer() + "/oauth2/consent?");
		HttpResponse<String> consent = get(consentPage);
		assertThat(consent.statusCode()).isEqualTo(200);
		assertThat(consent.body()).contains("Consent required").contains(clientId).contains(REDIRECT_URI)
			.contains("Signed in as <strong id=\"user\">" + username + "</strong>")
			.doesNotContain("<script", "https://");
		assertThat(consent.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				csp -> assertThat(csp).startsWith("default-src 'none'"));
		lastConsentPage = consent.body();
		scopes.forEach(scope -> assertThat(consent.body()).contains(scope));
		StringBuilder approval = new StringBuilder(form(Map.of("client_id", clientId, "state", hidden(consent.body(), "state"))));
		scopes.forEach(scope -> approval.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8)));
		HttpResponse<String> redirect = send(HttpRequest.newBuilder(URI.create(discovery.endpoint("authorization_endpoint")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(approval.toString())));
		assertThat(redirect.statusCode()).isEqualTo(302);
		URI callback = URI.create(redirect.headers().firstValue("Location").orElseThrow());
		assertThat(callback.toString()).startsWith(REDIRECT_URI + "?");
		Map<String, String> answer = query(callback);
		assertThat(answer.get("state")).isEqualTo(state);
		return token(discovery, Map.of("grant_type", "authorization_code", "code", answer.get("code"), "redirect_uri",
				REDIRECT_URI, "client_id", clientId, "code_verifier", verifier, "resource", discovery.resource()), null);
	}

	/** The provider's OpenID Connect discovery document, for a client that knows the issuer (no resource). */
	Discovery openIdConfiguration(String issuer) {
		Map<String, Object> metadata = getJson(issuer + "/.well-known/openid-configuration");
		assertThat(metadata.get("issuer")).isEqualTo(issuer);
		return new Discovery(null, issuer, metadata);
	}

	/**
	 * An OpenID Connect sign-in as a confidential client (the key dashboard) does it: the authorization
	 * request with {@code openid} and PKCE (the provider requires it of every client), the login form, no consent page, the redirect back with the code,
	 * and the token request with HTTP Basic client authentication; returns the token response.
	 */
	Map<String, Object> openIdSignIn(Discovery discovery, DashboardClient client, String redirectUri, String username,
			String password) {
		String state = randomUrlSafe(16);
		String nonce = randomUrlSafe(16);
		String verifier = randomUrlSafe(48);
		HttpResponse<String> toLogin = get(discovery.endpoint("authorization_endpoint") + "?" + form(Map.of(
				"response_type", "code", "client_id", client.clientId(), "redirect_uri", redirectUri, "scope", "openid",
				"state", state, "nonce", nonce, "code_challenge", challenge(verifier), "code_challenge_method", "S256")));
		assertThat(toLogin.statusCode()).as(toLogin.body()).isEqualTo(302);
		String loginPage = discovery.issuer() + "/login";
		assertThat(toLogin.headers().firstValue("Location")).hasValue(loginPage);
		HttpResponse<String> login = get(loginPage);
		HttpResponse<String> signedIn = post(loginPage, Map.of("username", username, "password", password, "_csrf",
				hidden(login.body(), "_csrf")));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		HttpResponse<String> redirect = get(signedIn.headers().firstValue("Location").orElseThrow());
		assertThat(redirect.statusCode()).as("no consent page for the dashboard").isEqualTo(302);
		URI callback = URI.create(redirect.headers().firstValue("Location").orElseThrow());
		assertThat(callback.toString()).startsWith(redirectUri + "?");
		Map<String, String> answer = query(callback);
		assertThat(answer.get("state")).isEqualTo(state);
		Map<String, Object> token = token(discovery, Map.of("grant_type", "authorization_code", "code", answer.get("code"),
				"redirect_uri", redirectUri, "code_verifier", verifier), client.clientId() + ":" + client.secret());
		token.put("nonce", nonce);
		return token;
	}

	/** The claims of a signed JWT, read without checking the signature. */
	static Map<String, Object> claims(String jwt) {
		return parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
	}

	/** An authorization request as a browser sends it; returns the provider's answer, not followed. */
	HttpResponse<String> authorizationRequest(Discovery discovery, Map<String, String> parameters) {
		return get(discovery.endpoint("authorization_endpoint") + "?" + form(parameters));
	}

	/** A token request, with HTTP Basic client authentication when {@code basic} is given. */
	Map<String, Object> token(Discovery discovery, Map<String, String> parameters, String basic) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(discovery.endpoint("token_endpoint")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
		if (basic != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
		}
		HttpResponse<String> response = send(request);
		Map<String, Object> body = parse(response.body());
		body.put("status", response.statusCode());
		return body;
	}

	/**
	 * A JSON-RPC request to an MCP endpoint with {@code token} and {@code headers}, in a session opened
	 * for it (initialize, protocol 2025-06-18); returns the response, or the initialize response when that
	 * is refused.
	 */
	HttpResponse<String> mcp(String endpoint, String token, String body, Map<String, String> headers) {
		HttpResponse<String> initialized = send(mcpRequest(endpoint, token, """
				{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
				"clientInfo":{"name":"browserless","version":"1"}}}""", headers));
		if (initialized.statusCode() != 200) {
			return initialized;
		}
		HttpRequest.Builder request = mcpRequest(endpoint, token, body, headers)
			.header("Mcp-Session-Id", initialized.headers().firstValue("Mcp-Session-Id").orElseThrow())
			.header("MCP-Protocol-Version", "2025-06-18");
		return send(request);
	}

	private static HttpRequest.Builder mcpRequest(String endpoint, String token, String body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		return request;
	}

	private HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
	}

	private HttpResponse<String> post(String url, Map<String, String> fields) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(form(fields))));
	}

	private Map<String, Object> getJson(String url) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return parse(response.body());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		return JdkHttp.send(http, request);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> parse(String body) {
		return new LinkedHashMap<>(json.readValue(body, Map.class));
	}

	private static String hidden(String page, String name) {
		Matcher value = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(page);
		assertThat(value.find()).as("hidden field " + name + " in " + page).isTrue();
		return value.group(1);
	}

	static String form(Map<String, String> fields) {
		return fields.entrySet().stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			values.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return values;
	}

	private static String randomUrlSafe(int bytes) {
		byte[] random = new byte[bytes];
		new SecureRandom().nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
