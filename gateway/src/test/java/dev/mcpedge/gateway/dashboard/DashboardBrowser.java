package dev.mcpedge.gateway.dashboard;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mcpedge.gateway.dev.identity.DemoUser;
import dev.mcpedge.gateway.dev.identity.DevelopmentIdentityProvider;
import dev.mcpedge.gateway.support.JdkHttp;

import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser without JavaScript for the dashboard's tests: keeps cookies per host, follows redirects or
 * not, fills the development identity provider's login form, and reads what a page shows (hidden form
 * fields, the text of an element by id) and the cookies it holds.
 */
final class DashboardBrowser {

	private final String base;

	private final DevelopmentIdentityProvider provider;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	DashboardBrowser(String base, DevelopmentIdentityProvider provider, HttpClient.Redirect redirects) {
		this.base = base;
		this.provider = provider;
		this.http = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(redirects)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** Opens the dashboard, signs in on the provider's login page, and lands back on the dashboard. */
	HttpResponse<String> signIn(String username) {
		DemoUser user = user(provider, username);
		HttpResponse<String> login = get(base + "/dashboard");
		assertThat(login.uri().toString()).isEqualTo(provider.issuer() + "/login");
		assertThat(login.body()).contains("Please sign in");
		return send(HttpRequest.newBuilder(login.uri())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString("username=" + user.username() + "&password="
					+ encode(user.password()) + "&_csrf=" + encode(hidden(login.body(), "_csrf")))));
	}

	HttpResponse<String> post(String url, String form) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		return JdkHttp.send(http, request);
	}

	/** The value of the cookie {@code name} the browser holds for the gateway. */
	String cookie(String name) {
		return cookies.getCookieStore()
			.get(URI.create(base))
			.stream()
			.filter(cookie -> cookie.getName().equals(name))
			.findFirst()
			.orElseThrow()
			.getValue();
	}

	static DemoUser user(DevelopmentIdentityProvider provider, String username) {
		return provider.users().stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow();
	}

	/** The value of the hidden field {@code name} (the CSRF token, say), as the page has it. */
	static String hidden(String page, String name) {
		Matcher value = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(page);
		assertThat(value.find()).as("hidden field " + name + " in " + page).isTrue();
		return value.group(1);
	}

	/** The text of the element with this id, as the page has it (HTML-escaped). */
	static String element(String page, String id) {
		Matcher text = Pattern.compile("id=\"" + Pattern.quote(id) + "\">([^<]*)<").matcher(page);
		assertThat(text.find()).as(id + " in " + page).isTrue();
		return text.group(1);
	}

	/** The text of the element with this id as a browser shows it (unescaped). */
	static String text(String page, String id) {
		return HtmlUtils.htmlUnescape(element(page, id));
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
