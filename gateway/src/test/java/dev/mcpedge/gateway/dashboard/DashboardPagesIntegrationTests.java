package dev.mcpedge.gateway.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.dev.identity.DevelopmentIdentityProvider;
import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.JdkHttp;
import dev.mcpedge.gateway.support.Poll;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.IssuedApiKey;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;

import static dev.mcpedge.gateway.dashboard.DashboardBrowser.encode;
import static dev.mcpedge.gateway.dashboard.DashboardBrowser.hidden;
import static dev.mcpedge.gateway.dashboard.DashboardBrowser.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's pages beyond list, create and revoke, over HTTP as a browser without JavaScript meets
 * them, on one gateway in development mode with the Redis audit stream on: roll with a grace period
 * (the old secret works inside it, not after a roll without one; only the offered periods are taken),
 * extra organizations limited to those the user manages, the secret page (copy button script, Claude
 * Code line, Cursor and VS Code JSON, nothing inline, not cached), sign-out (the session ends, the next
 * visit asks for the password again), CSRF-less POSTs refused, and the audit of every change in the
 * stream, through {@code GET /admin/audit} and on the page, shown as text.
 */
class DashboardPagesIntegrationTests {

	private static final int PORT = Ports.free();

	private static final String BASE = "http://localhost:" + PORT;

	private static final String ENDPOINT = BASE + "/api/mcp";

	private static final String ADMIN_TOKEN = "dashboard-pages-admin-token-0123456789";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final GatewayInstances gateways = GatewayInstances.bare();

	private static DevelopmentIdentityProvider provider;

	private static ApiKeyAdministration keys;

	private static AdminClient admin;

	@BeforeAll
	static void start() {
		ConfigurableApplicationContext gateway = gateways.start("--server.port=" + PORT,
				"--mcp-edge.dev-mode=true", "--mcp-edge.audit.redis-stream=true", "--mcp-edge.admin.token=" + ADMIN_TOKEN);
		provider = gateway.getBean(DevelopmentIdentityProvider.class);
		keys = gateway.getBean(ApiKeyAdministration.class);
		admin = AdminClient.of(PORT, ADMIN_TOKEN);
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	void rollWhenOneHourGraceThenTheNewSecretIsShownOnceAndBothWork() {
		IssuedApiKey key = demoKey("roll with grace");
		DashboardBrowser alice = signedIn("alice");

		HttpResponse<String> confirm = alice.get(BASE + "/dashboard/keys/" + key.record().id() + "/roll");

		assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
		assertThat(confirm.body()).contains("roll with grace")
			.contains(key.record().redactedKey())
			.contains("value=\"none\"", "value=\"1h\"", "value=\"24h\"")
			.doesNotContain(key.secret());
		HttpResponse<String> rolled = alice.post(BASE + "/dashboard/keys/" + key.record().id() + "/roll",
				"gracePeriod=1h&_csrf=" + encode(hidden(confirm.body(), "_csrf")));

		assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(200);
		assertThat(rolled.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
		assertThat(text(rolled.body(), "heading")).isEqualTo("API key rolled");
		assertThat(text(rolled.body(), "grace")).isEqualTo("The old secret keeps working for 1 hour, then is refused.");
		String secret = text(rolled.body(), "secret");
		assertThat(secret).startsWith("mcp_test_").isNotEqualTo(key.secret());
		assertThat(text(rolled.body(), "claude")).contains("Bearer " + secret);
		assertThat(ApiKeyCalls.callTool(ENDPOINT, secret).statusCode()).isEqualTo(200);
		assertThat(ApiKeyCalls.callTool(ENDPOINT, key.secret()).statusCode()).as("inside the grace period").isEqualTo(200);
		assertThat(alice.get(BASE + "/dashboard").body()).doesNotContain(secret).doesNotContain(key.secret());
	}

	@Test
	void rollWhenNoGraceThenTheOldSecretIsRefused() throws InterruptedException {
		IssuedApiKey key = demoKey("roll without grace");
		DashboardBrowser alice = signedIn("alice");

		HttpResponse<String> rolled = roll(alice, key, "none");

		assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(200);
		assertThat(text(rolled.body(), "grace")).isEqualTo("The old secret no longer works.");
		String secret = text(rolled.body(), "secret");
		assertThat(ApiKeyCalls.callTool(ENDPOINT, secret).statusCode()).isEqualTo(200);
		Poll.timeUntil(Duration.ofSeconds(2), () -> ApiKeyCalls.callTool(ENDPOINT, key.secret()).statusCode() == 401);
	}

	@Test
	void rollWhenAGracePeriodNotOfferedThenRefusedAndTheKeyUnchanged() {
		IssuedApiKey key = demoKey("roll with a forged grace");
		DashboardBrowser alice = signedIn("alice");

		HttpResponse<String> refused = roll(alice, key, "PT720H");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).doesNotContain("mcp_test_");
		assertUnchanged(key);
	}

	@Test
	void rollWhenNoCsrfTokenThenRefusedAndTheKeyUnchanged() {
		IssuedApiKey key = demoKey("roll without csrf");
		DashboardBrowser alice = signedIn("alice");

		HttpResponse<String> refused = alice.post(BASE + "/dashboard/keys/" + key.record().id() + "/roll", "gracePeriod=none");

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).doesNotContain("mcp_test_");
		assertUnchanged(key);
	}

	@Test
	void rollWhenTheKeyAlsoActsForAnOrganizationTheUserDoesNotManageThenNotFound() {
		// made through the admin API: org_demo's key that may also act for org_other
		IssuedApiKey key = keys.create(new NewApiKey("acts for org_other too", "org_demo", List.of("org_other"), null, null,
				null, null, null)).block(Duration.ofSeconds(5));
		DashboardBrowser alice = signedIn("alice");

		assertThat(alice.get(BASE + "/dashboard/keys/" + key.record().id() + "/roll").statusCode()).isEqualTo(404);
		HttpResponse<String> refused = roll(alice, key, "none");

		assertThat(refused.statusCode()).as("a new secret would act for org_other, which alice does not manage")
			.isEqualTo(404);
		assertThat(refused.body()).doesNotContain("mcp_");
		assertUnchanged(key);
	}

	@Test
	void rollWhenTheKeyIsOfAnotherOrganizationThenNotFound() {
		IssuedApiKey key = demoKey("not olivia's to roll");
		DashboardBrowser olivia = signedIn("olivia");

		HttpResponse<String> confirm = olivia.get(BASE + "/dashboard/keys/" + key.record().id() + "/roll");
		HttpResponse<String> refused = roll(olivia, key, "none");

		assertThat(confirm.statusCode()).isEqualTo(404);
		assertThat(confirm.body()).doesNotContain("not olivia's to roll");
		assertThat(refused.statusCode()).isEqualTo(404);
		assertUnchanged(key);
	}

	@Test
	void createWhenAnExtraOrganizationIsNotTheUsersThenRefusedAndNothingCreated() {
		DashboardBrowser alice = signedIn("alice");
		HttpResponse<String> form = alice.get(BASE + "/dashboard/keys/new");
		assertThat(form.body()).as("alice manages one organization: no other to offer")
			.doesNotContain("extra-organizations")
			.doesNotContain("org_other");

		HttpResponse<String> refused = alice.post(BASE + "/dashboard/keys", "name=reaches+org_other&organization=org_demo"
				+ "&organizations=org_other&mode=live&_csrf=" + encode(hidden(form.body(), "_csrf")));
		HttpResponse<String> ownOnly = alice.post(BASE + "/dashboard/keys", "name=own+organization+twice"
				+ "&organization=org_demo&organizations=org_demo&mode=live&_csrf=" + encode(hidden(form.body(), "_csrf")));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).doesNotContain("mcp_live_");
		assertThat(keys.list("org_demo").map(ApiKeyRecord::name).collectList().block(Duration.ofSeconds(5)))
			.contains("own organization twice")
			.doesNotContain("reaches org_other");
		assertThat(ownOnly.statusCode()).as(ownOnly.body()).isEqualTo(200);
		ApiKeyRecord created = keys.list("org_demo")
			.filter(key -> "own organization twice".equals(key.name()))
			.blockFirst(Duration.ofSeconds(5));
		assertThat(created.organizations()).as("the key's own organization is no extra one").isNullOrEmpty();
		assertThat(ApiKeyCalls.callTool(ENDPOINT, text(ownOnly.body(), "secret")).statusCode()).isEqualTo(200);
	}

	@Test
	void secretPageWhenAKeyIsCreatedThenCopyButtonAndClientConfigurationsWithoutInlineScript() {
		DashboardBrowser alice = signedIn("alice");
		HttpResponse<String> form = alice.get(BASE + "/dashboard/keys/new");

		HttpResponse<String> created = alice.post(BASE + "/dashboard/keys", "name=" + encode("say \"hi\" <b>")
				+ "&organization=org_demo&mode=live&_csrf=" + encode(hidden(form.body(), "_csrf")));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		assertThat(created.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
		assertThat(created.headers().firstValue("Content-Security-Policy")).hasValue(DashboardSecurity.contentSecurityPolicy(provider.issuer()));
		String page = created.body();
		String secret = text(page, "secret");
		assertThat(page).contains("say &quot;hi&quot; &lt;b&gt;")
			.contains("<script src=\"/dashboard/static/copy.js\" defer></script>")
			.contains("data-copy=\"secret\"");
		assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(page).find()).as("no inline script").isFalse();
		assertThat(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(page).find()).as("no inline handler").isFalse();
		assertThat(text(page, "claude")).isEqualTo("claude mcp add --transport http mcp-edge " + ENDPOINT
				+ " --header \"Authorization: Bearer " + secret + "\"");
		Map<String, Object> server = Map.of("url", ENDPOINT, "headers", Map.of("Authorization", "Bearer " + secret));
		assertThat(json.readValue(text(page, "cursor"), Map.class)).isEqualTo(Map.of("mcpServers", Map.of("mcp-edge", server)));
		Map<String, Object> vscode = new HashMap<>(server);
		vscode.put("type", "http");
		assertThat(json.readValue(text(page, "vscode"), Map.class)).isEqualTo(Map.of("servers", Map.of("mcp-edge", vscode)));
	}

	@Test
	void copyScriptWhenSignedInThenServedUnderTheDashboardsPolicyAndOtherwiseBehindSignIn() {
		DashboardBrowser alice = signedIn("alice");

		HttpResponse<String> script = alice.get(BASE + "/dashboard/static/copy.js");
		HttpResponse<String> anonymous = new DashboardBrowser(BASE, provider, HttpClient.Redirect.NEVER)
			.get(BASE + "/dashboard/static/copy.js");

		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
		assertThat(script.headers().firstValue("Content-Security-Policy")).hasValue(DashboardSecurity.contentSecurityPolicy(provider.issuer()));
		assertThat(script.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(script.body()).contains("data-copy").contains("navigator.clipboard");
		assertThat(anonymous.statusCode()).isEqualTo(302);
		assertThat(anonymous.headers().firstValue("Location")).hasValue("/oauth2/authorization/mcp-edge");
	}

	@Test
	void styleSheetWhenAPageLinksItThenServedAsCssUnderTheDashboardsPolicy() {
		DashboardBrowser alice = signedIn("alice");

		HttpResponse<String> page = alice.get(BASE + "/dashboard");
		HttpResponse<String> css = alice.get(BASE + "/dashboard/static/dashboard.css");

		assertThat(page.body()).contains("<link rel=\"stylesheet\" href=\"/dashboard/static/dashboard.css\">");
		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
		assertThat(css.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				policy -> assertThat(policy).contains("style-src 'self'"));
		assertThat(css.body()).contains("table {");
	}

	@Test
	void signOutWhenPostedWithTheCsrfTokenThenTheSessionEndsAndTheDashboardAsksToSignInAgain() {
		DashboardBrowser alice = signedIn("alice");
		String session = alice.cookie("SESSION");
		HttpResponse<String> page = alice.get(BASE + "/dashboard");
		assertThat(page.body()).contains("id=\"sign-out\"");

		HttpResponse<String> signedOut = alice.post(BASE + "/dashboard/sign-out", "_csrf=" + encode(hidden(page.body(), "_csrf")));

		// sign-out, the provider's end-session endpoint, /dashboard, the sign-in start, the provider's
		// authorization endpoint: the JDK client follows five redirects, the sixth is the provider's answer
		assertThat(signedOut.uri().toString()).startsWith(provider.issuer() + "/oauth2/authorize?");
		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(signedOut.headers().firstValue("Location")).as("the provider's session ended too")
			.hasValue(provider.issuer() + "/login");
		assertThat(alice.get(BASE + "/dashboard").uri().toString()).isEqualTo(provider.issuer() + "/login");
		HttpResponse<String> oldSession = JdkHttp.send(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
				HttpRequest.newBuilder(URI.create(BASE + "/dashboard")).header("Cookie", "SESSION=" + session));
		assertThat(oldSession.statusCode()).as("the old session cookie no longer signs in").isEqualTo(302);
		assertThat(oldSession.headers().firstValue("Location")).hasValue("/oauth2/authorization/mcp-edge");
	}

	@Test
	void signOutWhenNoCsrfTokenThenRefusedAndStillSignedIn() {
		DashboardBrowser alice = signedIn("alice");

		HttpResponse<String> refused = alice.post(BASE + "/dashboard/sign-out", "");

		assertThat(refused.statusCode()).isEqualTo(403);
		HttpResponse<String> page = alice.get(BASE + "/dashboard");
		assertThat(page.uri().toString()).isEqualTo(BASE + "/dashboard");
		assertThat(page.body()).contains(">alice<");
	}

	@Test
	void auditWhenAKeyIsCreatedRolledAndRevokedThenRecordsInTheStreamTheAdminApiAndThePage()
			throws InterruptedException {
		DashboardBrowser alice = signedIn("alice");
		HttpResponse<String> form = alice.get(BASE + "/dashboard/keys/new");
		HttpResponse<String> created = alice.post(BASE + "/dashboard/keys", "name=audited+key&organization=org_demo&mode=live"
				+ "&_csrf=" + encode(hidden(form.body(), "_csrf")));
		String firstSecret = text(created.body(), "secret");
		String id = keyId(alice.get(BASE + "/dashboard").body(), "audited key");
		HttpResponse<String> confirm = alice.get(BASE + "/dashboard/keys/" + id + "/roll");
		HttpResponse<String> rolled = alice.post(BASE + "/dashboard/keys/" + id + "/roll",
				"gracePeriod=24h&_csrf=" + encode(hidden(confirm.body(), "_csrf")));
		String secondSecret = text(rolled.body(), "secret");
		alice.post(BASE + "/dashboard/keys/" + id + "/revoke", "_csrf=" + encode(hidden(confirm.body(), "_csrf")));

		Poll.timeUntil(Duration.ofSeconds(5), () -> records("org_demo", id).size() == 3);
		List<Map<String, Object>> records = records("org_demo", id);
		assertThat(records).extracting(record -> record.get("action")).containsExactly("key.revoked", "key.rolled", "key.created");
		assertThat(records).allSatisfy(record -> assertThat(record).containsEntry("principal", "alice")
			.containsEntry("issuer", provider.issuer().toString())
			.containsEntry("via", "dashboard")
			.containsEntry("organizationId", "org_demo")
			.containsKey("time")
			.doesNotContainKey("key"));
		assertThat(json.writeValueAsString(records)).doesNotContain(firstSecret)
			.doesNotContain(secondSecret)
			.doesNotContain(alice.cookie("SESSION"));
		assertThat(records("org_other", id)).isEmpty();
		String page = alice.get(BASE + "/dashboard").body();
		assertThat(page).contains("key.created " + id, "key.rolled " + id, "key.revoked " + id)
			.contains("alice (via dashboard)");
		assertThat(signedIn("olivia").get(BASE + "/dashboard").body()).doesNotContain(id);
	}

	@Test
	void auditOnThePageWhenAToolNameCarriesMarkupThenShownAsText() throws InterruptedException {
		IssuedApiKey key = demoKey("markup caller");
		ApiKeyCalls.callTool(ENDPOINT, key.secret(), "<script>alert(1)</script>");
		DashboardBrowser alice = signedIn("alice");

		Poll.timeUntil(Duration.ofSeconds(5),
				() -> alice.get(BASE + "/dashboard").body().contains("tools/call &lt;script&gt;alert(1)&lt;/script&gt;"));
		assertThat(alice.get(BASE + "/dashboard").body()).doesNotContain("<script>alert(1)");
	}

	private DashboardBrowser signedIn(String username) {
		DashboardBrowser browser = new DashboardBrowser(BASE, provider, HttpClient.Redirect.NORMAL);
		HttpResponse<String> page = browser.signIn(username);
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return browser;
	}

	private static HttpResponse<String> roll(DashboardBrowser browser, IssuedApiKey key, String gracePeriod) {
		HttpResponse<String> page = browser.get(BASE + "/dashboard");
		return browser.post(BASE + "/dashboard/keys/" + key.record().id() + "/roll",
				"gracePeriod=" + encode(gracePeriod) + "&_csrf=" + encode(hidden(page.body(), "_csrf")));
	}

	private static IssuedApiKey demoKey(String name) {
		return keys.create(new NewApiKey(name, "org_demo", null, null, null, null, null, null)).block(Duration.ofSeconds(5));
	}

	/** The key has its first secret still: the old one works, the stored redacted form is the same. */
	private static void assertUnchanged(IssuedApiKey key) {
		assertThat(keys.find(key.record().id()).block(Duration.ofSeconds(5)).redactedKey()).isEqualTo(key.record().redactedKey());
		assertThat(ApiKeyCalls.callTool(ENDPOINT, key.secret()).statusCode()).isEqualTo(200);
	}

	/** The audit records of the key {@code id} that {@code GET /admin/audit?organizationId=} returns, newest first. */
	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> records(String organizationId, String id) {
		List<Map<String, Object>> data = (List<Map<String, Object>>) admin
			.send(HttpMethod.GET, "/admin/audit?organizationId=" + organizationId + "&limit=1000", null)
			.get("data");
		return data.stream().filter(record -> id.equals(record.get("keyId"))).toList();
	}

	private static String keyId(String page, String name) {
		Matcher row = Pattern.compile("data-key-id=\"([^\"]+)\">\\s*<td>" + Pattern.quote(name) + "</td>").matcher(page);
		assertThat(row.find()).as(page).isTrue();
		return row.group(1);
	}
}
