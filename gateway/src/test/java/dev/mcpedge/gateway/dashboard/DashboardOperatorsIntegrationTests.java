package dev.mcpedge.gateway.dashboard;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.IssuedApiKey;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key dashboard outside development mode (Redis configured), signed in through a real OpenID Connect
 * provider started here (discovery, JWKS, signed ID tokens with the claims its login page is given),
 * configured only with {@code mcp-edge.dashboard.*}: an operator, by claim or by subject, opens any
 * organization by its id and revokes its keys; a user of org_a sees only org_a and gets 403 for org_b's
 * list and 404 for org_b's key. Behind a proxy that says the request came over https (with
 * {@code server.forward-headers-strategy=native}), the session cookie is {@code Secure}; forwarded
 * headers a client forges get nothing past the edge's own routes.
 */
class DashboardOperatorsIntegrationTests {

	private static final int PORT = Ports.free();

	private static final String BASE = "http://localhost:" + PORT;

	private static final MockOAuth2Server provider = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\":true}"));

	private static final GatewayInstances gateways = new GatewayInstances("dashboard-operators-admin-token");

	private static String issuer;

	private static ApiKeyAdministration keys;

	@BeforeAll
	static void start() {
		provider.start(InetAddress.getLoopbackAddress(), 0);
		issuer = provider.issuerUrl("dashboard").toString().replaceAll("/$", "");
		ConfigurableApplicationContext gateway = gateways.start("--server.port=" + PORT,
				"--server.forward-headers-strategy=native", "--mcp-edge.dashboard.issuer-uri=" + issuer,
				"--mcp-edge.dashboard.client-id=mcp-edge-dashboard", "--mcp-edge.dashboard.client-secret=dashboard-client-secret",
				"--mcp-edge.dashboard.operator-claim=role=operator", "--mcp-edge.dashboard.operator-subjects=root-7");
		keys = gateway.getBean(ApiKeyAdministration.class);
	}

	@AfterAll
	static void stop() {
		gateways.close();
		provider.shutdown();
	}

	@Test
	void dashboardWhenOperatorByClaimOpensAnotherOrganizationThenSeesAndRevokesItsKey() {
		IssuedApiKey key = create("org_b", "operator claim test key");
		OpenIdProviderBrowser browser = new OpenIdProviderBrowser();
		HttpResponse<String> home = browser.signIn(BASE + "/dashboard", issuer, "ops-1",
				Map.of("org_id", "org_ops", "role", List.of("staff", "operator")));
		assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
		assertThat(home.body()).contains("id=\"operator\"").contains("id=\"open-organization\"")
			.contains("href=\"/dashboard?organization=org_ops\"")
			.doesNotContain("operator claim test key");

		HttpResponse<String> opened = browser.get(BASE + "/dashboard?organization=org_b");
		assertThat(opened.statusCode()).isEqualTo(200);
		assertThat(opened.body()).contains("operator claim test key").contains(key.record().redactedKey())
			.doesNotContain(key.secret());

		HttpResponse<String> confirm = browser.get(BASE + "/dashboard/keys/" + key.record().id() + "/revoke");
		assertThat(confirm.statusCode()).isEqualTo(200);
		HttpResponse<String> revoked = browser.post(BASE + "/dashboard/keys/" + key.record().id() + "/revoke",
				Map.of("_csrf", OpenIdProviderBrowser.hidden(confirm.body(), "_csrf")));
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
		assertThat(revoked.uri().toString()).isEqualTo(BASE + "/dashboard");
		assertThat(browser.get(BASE + "/dashboard?organization=org_b").body()).containsPattern(
				"(?s)data-key-id=\"" + key.record().id() + "\">(?:(?!</tr>).)*<td>REVOKED</td>");
		assertThat(McpClient.of(PORT).bearer(key.secret()).pingStatus()).isEqualTo(401);
	}

	@Test
	void dashboardWhenOperatorOpensAnotherOrganizationThenCreatesAKeyThereAndAUserCannot() {
		OpenIdProviderBrowser operator = new OpenIdProviderBrowser();
		operator.signIn(BASE + "/dashboard", issuer, "ops-2", Map.of("org_id", "org_ops", "role", "operator"));
		HttpResponse<String> opened = operator.get(BASE + "/dashboard?organization=org_c");
		assertThat(opened.body()).contains("href=\"/dashboard/keys/new?organization=org_c\"");
		HttpResponse<String> form = operator.get(BASE + "/dashboard/keys/new?organization=org_c");
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("<option value=\"org_c\">org_c</option>").doesNotContain("value=\"org_ops\"");
		HttpResponse<String> created = operator.post(BASE + "/dashboard/keys", Map.of("name", "made by an operator",
				"organization", "org_c", "mode", "test", "_csrf", OpenIdProviderBrowser.hidden(form.body(), "_csrf")));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		assertThat(keys.list("org_c").collectList().block()).extracting(key -> key.name()).contains("made by an operator");

		OpenIdProviderBrowser user = new OpenIdProviderBrowser();
		user.signIn(BASE + "/dashboard", issuer, "user-a2", Map.of("org_id", "org_a"));
		assertThat(user.get(BASE + "/dashboard/keys/new?organization=org_c").statusCode()).isEqualTo(403);
		HttpResponse<String> ownForm = user.get(BASE + "/dashboard/keys/new");
		HttpResponse<String> refused = user.post(BASE + "/dashboard/keys", Map.of("name", "not mine", "organization",
				"org_c", "mode", "test", "_csrf", OpenIdProviderBrowser.hidden(ownForm.body(), "_csrf")));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(keys.list("org_c").collectList().block()).extracting(key -> key.name()).doesNotContain("not mine");
	}

	@Test
	void dashboardWhenOperatorBySubjectThenOpensAnyOrganization() {
		create("org_b", "operator subject test key");
		OpenIdProviderBrowser browser = new OpenIdProviderBrowser();
		HttpResponse<String> home = browser.signIn(BASE + "/dashboard?organization=org_b", issuer, "root-7", Map.of());

		assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
		assertThat(home.uri().toString()).isEqualTo(BASE + "/dashboard?organization=org_b");
		assertThat(home.body()).contains("id=\"operator\"").contains("operator subject test key")
			.doesNotContain("id=\"no-organization\"");
	}

	@Test
	void dashboardWhenUserOfOrgAThenOnlyOrgAAndNothingOfOrgB() {
		IssuedApiKey own = create("org_a", "org_a user test key");
		IssuedApiKey other = create("org_b", "org_b hidden test key");
		OpenIdProviderBrowser browser = new OpenIdProviderBrowser();
		HttpResponse<String> home = browser.signIn(BASE + "/dashboard", issuer, "user-a",
				Map.of("org_id", "org_a", "role", "staff"));

		assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
		assertThat(home.body()).contains("org_a user test key").doesNotContain("org_b hidden test key")
			.doesNotContain("id=\"operator\"").doesNotContain("id=\"open-organization\"");
		assertThat(browser.get(BASE + "/dashboard?organization=org_b").statusCode()).isEqualTo(403);
		assertThat(browser.get(BASE + "/dashboard/keys/" + other.record().id() + "/revoke").statusCode()).isEqualTo(404);
		HttpResponse<String> refused = browser.post(BASE + "/dashboard/keys/" + other.record().id() + "/revoke",
				Map.of("_csrf", OpenIdProviderBrowser.hidden(
						browser.get(BASE + "/dashboard/keys/" + own.record().id() + "/revoke").body(), "_csrf")));
		assertThat(refused.statusCode()).isEqualTo(404);
		assertThat(McpClient.of(PORT).bearer(other.secret()).pingStatus()).as("org_b's key still works").isEqualTo(200);
	}

	@Test
	void dashboardWhenHttpsThroughTheProxyThenSessionCookieSecure() {
		HttpResponse<String> overHttps = new OpenIdProviderBrowser(HttpClient.Redirect.NEVER).send(HttpRequest.newBuilder(URI.create(BASE + "/dashboard"))
			.header("Accept", "text/html")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "mcp.example.com")
			.GET());
		HttpResponse<String> overHttp = new OpenIdProviderBrowser(HttpClient.Redirect.NEVER).get(BASE + "/dashboard");

		assertThat(overHttps.statusCode()).isEqualTo(302);
		assertThat(overHttps.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("SESSION=")
			.contains("; Secure").containsIgnoringCase("HttpOnly").contains("SameSite=Lax"));
		assertThat(overHttp.statusCode()).isEqualTo(302);
		assertThat(overHttp.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("SESSION=")
			.doesNotContain("Secure"));
	}

	@Test
	void edgeRoutesWhenClientForgesForwardedHeadersThenNothingReachesTheBackendAndMetadataKeepsThePublicUrl() {
		gateways.backend().resetToEmptyResult();
		OpenIdProviderBrowser client = new OpenIdProviderBrowser(HttpClient.Redirect.NEVER);

		HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(BASE + "/api/mcp"))
			.header("X-Forwarded-Prefix", "/api")
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")));
		HttpResponse<String> admin = client.send(HttpRequest.newBuilder(URI.create(BASE + "/x/admin/keys?organizationId=org_b"))
			.header("X-Forwarded-Prefix", "/x")
			.GET());
		HttpResponse<String> metadata = client.send(HttpRequest.newBuilder(URI.create(BASE + "/.well-known/oauth-protected-resource/api/mcp/oauth"))
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "attacker.example")
			.GET());

		assertThat(anonymous.statusCode()).isBetween(400, 499);
		assertThat(admin.statusCode()).isBetween(400, 499);
		assertThat(gateways.backend().received()).isEmpty();
		assertThat(metadata.body()).contains("\"resource\":\"https://mcp.example.com/api/mcp/oauth\"").doesNotContain("attacker.example");
	}

	private static IssuedApiKey create(String organization, String name) {
		return keys.create(new NewApiKey(name, organization, null, null, null, null, null, null)).block(Duration.ofSeconds(5));
	}
}
