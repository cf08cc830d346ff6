package dev.mcpedge.gateway.dashboard;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.support.JdkHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser, as a JDK HTTP client that keeps cookies and follows redirects, signing in to the dashboard
 * at an OpenID Connect provider whose login page takes a user name and the claims of the user's tokens
 * (mock-oauth2-server's interactive login): opening the dashboard leads to that page, posting it leads
 * back to the dashboard.
 */
final class OpenIdProviderBrowser {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http;

	/** A browser that follows redirects, as one does. */
	OpenIdProviderBrowser() {
		this(HttpClient.Redirect.NORMAL);
	}

	/** A browser that follows redirects or not, to see each answer. */
	OpenIdProviderBrowser(HttpClient.Redirect redirects) {
		this.http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(redirects)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** Opens {@code page}, signs in at the provider as {@code subject} with {@code claims}; returns where that lands. */
	HttpResponse<String> signIn(String page, String provider, String subject, Map<String, Object> claims) {
		HttpResponse<String> login = get(page);
		assertThat(login.uri().toString()).as("sent to the provider's login page").startsWith(provider);
		assertThat(login.body()).contains("name=\"username\"");
		return post(login.uri().toString(), Map.of("username", subject, "claims", json.writeValueAsString(claims)));
	}

	HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
	}

	HttpResponse<String> post(String url, Map<String, String> fields) {
		StringBuilder form = new StringBuilder();
		fields.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&")
			.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(form.toString())));
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		return JdkHttp.send(http, request);
	}

	/** The value of the hidden form field {@code name} (e.g. the CSRF token) in {@code page}. */
	static String hidden(String page, String name) {
		Matcher value = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(page);
		assertThat(value.find()).as("hidden field " + name + " in " + page).isTrue();
		return value.group(1);
	}
}
