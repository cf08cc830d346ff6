package dev.mcpedge.gateway.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.dev.identity.DevelopmentIdentityProvider;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.IssuedApiKey;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.mcpedge.gateway.dashboard.DashboardBrowser.element;
import static dev.mcpedge.gateway.dashboard.DashboardBrowser.encode;
import static dev.mcpedge.gateway.dashboard.DashboardBrowser.hidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key dashboard over HTTP as a browser meets it, in development mode: a visitor without a session
 * is sent to the development identity provider; after signing in, the user sees the keys of their own
 * organization, redacted, and none of another's; creates a key, sees its secret once, calls a tool with
 * it, revokes it and sees the next call refused; a POST without the CSRF token and a change for another
 * organization are refused; the page carries a Content-Security-Policy and the
 * session cookie is {@code HttpOnly} and {@code SameSite=Lax}. The edge's own routes stay untouched:
 * no session cookie, no dashboard headers, no CSRF check on the admin API.
 */
@ExtendWith(OutputCaptureExtension.class)
class DashboardIntegrationTests {

	private static final int PORT = Ports.free();

	private static final String BASE = "http://localhost:" + PORT;

	private static final GatewayInstances gateways = GatewayInstances.bare();

	private static DevelopmentIdentityProvider provider;

	private static IssuedApiKey demoKey;

	private static IssuedApiKey otherKey;

	@BeforeAll
	static void start() {
		ConfigurableApplicationContext gateway = gateways.start("--server.port=" + PORT);
		provider = gateway.getBean(DevelopmentIdentityProvider.class);
		ApiKeyAdministration keys = gateway.getBean(ApiKeyAdministration.class);
		demoKey = keys.create(new NewApiKey("dashboard demo key", "org_demo", null, null, null, null, null, null))
			.block(Duration.ofSeconds(5));
		otherKey = keys.create(new NewApiKey("dashboard other key", "org_other", null, null, null, null, null, null))
			.block(Duration.ofSeconds(5));
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	void startWhenDevelopmentModeThenBannerPrintsTheDashboardBeforeTheSignInLines(CapturedOutput output) {
		assertThat(output.getOut()).containsSubsequence("Dashboard: " + BASE + "/dashboard\n", "Sign in as: alice / ");
	}

	@Test
	void dashboardWhenNoSessionThenSentToTheIdentityProviderWithAnHttpOnlyLaxSessionCookie() {
		DashboardBrowser browser = browser(HttpClient.Redirect.NEVER);
		HttpResponse<String> toLogin = browser.get(BASE + "/dashboard");
		assertThat(toLogin.statusCode()).isEqualTo(302);
		String authorization = URI.create(BASE).resolve(toLogin.headers().firstValue("Location").orElseThrow()).toString();
		assertThat(authorization).isEqualTo(BASE + "/oauth2/authorization/mcp-edge");

		HttpResponse<String> toProvider = browser.get(authorization);

		assertThat(toProvider.statusCode()).isEqualTo(302);
		assertThat(toProvider.headers().firstValue("Location").orElseThrow())
			.startsWith(provider.issuer() + "/oauth2/authorize?")
			.contains("client_id=" + provider.dashboard().clientId())
			.contains("code_challenge=")
			.contains("redirect_uri=" + BASE + "/login/oauth2/code/mcp-edge");
		assertThat(toLogin.headers().allValues("Set-Cookie")).as("the session keeps the page asked for").anySatisfy(cookie -> assertThat(cookie)
			.startsWith("SESSION=").containsIgnoringCase("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure"));
	}

	@Test
	void dashboardWhenAliceSignedInThenOrgDemoKeysRedactedAndNoneOfOrgOther() {
		DashboardBrowser browser = browser(HttpClient.Redirect.NORMAL);

		HttpResponse<String> page = browser.signIn("alice");

		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.uri().toString()).isEqualTo(BASE + "/dashboard");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'; script-src 'self'; "
				+ "style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
				+ "form-action 'self' " + provider.issuer());
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(page.body()).contains(">alice<")
			.contains(">org_demo<")
			.contains(demoKey.record().redactedKey())
			.contains("dashboard demo key")
			.doesNotContain(demoKey.secret())
			.doesNotContain("dashboard other key")
			.doesNotContain(otherKey.record().redactedKey());
	}

	@Test
	void dashboardWhenOliviaSignedInThenOnlyOrgOtherKeys() {
		HttpResponse<String> page = browser(HttpClient.Redirect.NORMAL).signIn("olivia");

		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).contains(">olivia<")
			.contains("dashboard other key")
			.doesNotContain("dashboard demo key")
			.doesNotContain(demoKey.record().redactedKey())
			.doesNotContain(">org_demo<");
	}

	@Test
	void edgeRoutesWhenCalledThenNoSessionNoDashboardHeadersNoCsrf() {
		DashboardBrowser browser = browser(HttpClient.Redirect.NEVER);

		HttpResponse<String> admin = browser.send(HttpRequest.newBuilder(URI.create(BASE + "/admin/keys"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"organizationId\":\"org_demo\"}")));
		HttpResponse<String> mcp = browser.send(HttpRequest.newBuilder(URI.create(BASE + "/api/mcp"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
					"clientInfo":{"name":"browserless","version":"1"}}}""")));

		assertThat(admin.statusCode()).as("the admin API's own answer, not a CSRF refusal").isNotEqualTo(403);
		assertThat(admin.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
		assertThat(admin.body()).doesNotContainIgnoringCase("csrf");
		assertThat(mcp.statusCode()).as(mcp.body()).isEqualTo(401);
		for (HttpResponse<String> response : new HttpResponse[] { admin, mcp }) {
			assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
			assertThat(response.headers().firstValue("Content-Security-Policy")).isEmpty();
		}
	}

	@Test
	void keyWhenCreatedOnTheDashboardThenSecretShownOnceWorksAndIsRefusedOnceRevoked() {
		DashboardBrowser browser = browser(HttpClient.Redirect.NORMAL);
		browser.signIn("alice");
		HttpResponse<String> form = browser.get(BASE + "/dashboard/keys/new");
		assertThat(form.statusCode()).as(form.body()).isEqualTo(200);

		HttpResponse<String> created = browser.post(BASE + "/dashboard/keys", "name=ci+key&organization=org_demo&mode=live"
				+ "&expiresInDays=30&_csrf=" + encode(hidden(form.body(), "_csrf")));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		assertThat(created.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
		String secret = element(created.body(), "secret");
		assertThat(secret).startsWith("mcp_live_");
		assertThat(element(created.body(), "claude")).isEqualTo("claude mcp add --transport http mcp-edge " + BASE
				+ "/api/mcp --header &quot;Authorization: Bearer " + secret + "&quot;");
		HttpResponse<String> list = browser.get(BASE + "/dashboard");
		assertThat(list.body()).contains("ci key").doesNotContain(secret);
		HttpResponse<String> call = ApiKeyCalls.callTool(BASE + "/api/mcp", secret);
		assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
		assertThat(call.body()).contains("\"result\"");

		Matcher row = Pattern.compile("data-key-id=\"([^\"]+)\">\\s*<td>ci key</td>").matcher(list.body());
		assertThat(row.find()).as(list.body()).isTrue();
		HttpResponse<String> confirm = browser.get(BASE + "/dashboard/keys/" + row.group(1) + "/revoke");
		assertThat(confirm.statusCode()).isEqualTo(200);
		assertThat(confirm.body()).contains("Revoke").contains("ci key").doesNotContain(secret);
		HttpResponse<String> revoked = browser.post(BASE + "/dashboard/keys/" + row.group(1) + "/revoke",
				"_csrf=" + encode(hidden(confirm.body(), "_csrf")));

		assertThat(revoked.statusCode()).isEqualTo(200);
		assertThat(revoked.uri().toString()).isEqualTo(BASE + "/dashboard");
		assertThat(ApiKeyCalls.callTool(BASE + "/api/mcp", secret).statusCode()).isEqualTo(401);
	}

	@Test
	void postWhenNoCsrfTokenThenRefusedAndNothingCreated() {
		DashboardBrowser browser = browser(HttpClient.Redirect.NORMAL);
		browser.signIn("alice");

		HttpResponse<String> refused = browser.post(BASE + "/dashboard/keys", "name=forged+key&organization=org_demo&mode=live");

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(browser.get(BASE + "/dashboard").body()).doesNotContain("forged key");
	}

	@Test
	void oliviaWhenActingOnOrgDemoThenRefused() {
		DashboardBrowser browser = browser(HttpClient.Redirect.NORMAL);
		browser.signIn("olivia");
		HttpResponse<String> form = browser.get(BASE + "/dashboard/keys/new");
		assertThat(form.body()).doesNotContain("org_demo");

		HttpResponse<String> create = browser.post(BASE + "/dashboard/keys", "name=olivias+key&organization=org_demo"
				+ "&mode=live&_csrf=" + encode(hidden(form.body(), "_csrf")));
		HttpResponse<String> revoke = browser.get(BASE + "/dashboard/keys/" + demoKey.record().id() + "/revoke");

		assertThat(create.statusCode()).isEqualTo(403);
		assertThat(revoke.statusCode()).isEqualTo(404);
		assertThat(revoke.body()).doesNotContain("dashboard demo key");
	}

	private static DashboardBrowser browser(HttpClient.Redirect redirects) {
		return new DashboardBrowser(BASE, provider, redirects);
	}
}
