package dev.mcpedge.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.cli.KeyCommandLine;
import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, findings 6, 7, 10 and 13, performed as the attacks: operators racing each other on one
 * key, field values that would read as something else in the backend's identity headers, and a PATCH
 * that widens a key by sending {@code null}. Each asserts what the operator and the key's user see.
 */
class KeyRaceIntegrationTests extends GatewayTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final String PING = McpJson.PING;

	private static final String CREATE_REFUND = """
			{"jsonrpc":"2.0","id":2,"method":"tools/call","params":\
			{"name":"create_refund","arguments":{"amount":5,"api_test_mode":true}}}""";

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeEach
	void backendAccepts() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
	}

	// ---- finding 6: one secret, one key ----

	@Test
	void importWhenOneSecretImportedTwentyTimesInParallelThenOne201AndRevokingItStopsTheSecret() {
		String organization = organization();
		String secret = "sk_live_race_" + System.nanoTime() + "abcdefgh";
		String body = json(Map.of("key", secret, "organizationId", organization, "mode", "live"));

		List<HttpResponse<String>> answers = parallel(20, i -> admin("POST", "/admin/keys/import", body));

		List<HttpResponse<String>> created = answers.stream().filter(r -> r.statusCode() == 201).toList();
		assertThat(created).as(statuses(answers)).hasSize(1);
		assertThat(answers).filteredOn(r -> r.statusCode() != 201).hasSize(19).allSatisfy(r -> {
			assertThat(r.statusCode()).isEqualTo(409);
			assertThat(read(r.body())).containsEntry("error", "conflict")
				.containsEntry("error_description", "this secret is already registered");
		});
		String winner = (String) read(created.get(0).body()).get("id");
		assertThat(list(organization)).extracting(k -> k.get("id")).containsExactly(winner);

		call(secret, PING).expectStatus().isOk();
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Principal")).isEqualTo(winner);

		adminCall("POST", "/admin/keys/" + winner + "/revoke", null).expectStatus().isOk();
		call(secret, PING).expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error_description").isEqualTo("API key has been revoked");
	}

	@Test
	void importWhenTwentySecretsRaceForOneIdThenOneKeyAndTheLosersSecretsStayFree() {
		String organization = organization();
		String id = "legacy_race_" + System.nanoTime();
		List<String> secrets = IntStream.range(0, 20).mapToObj(i -> "partner-race-" + i + "-" + System.nanoTime()).toList();

		List<HttpResponse<String>> answers = parallel(20, i -> admin("POST", "/admin/keys/import",
				json(Map.of("id", id, "key", secrets.get(i), "organizationId", organization, "mode", "test"))));

		assertThat(answers).as(statuses(answers)).filteredOn(r -> r.statusCode() == 201).hasSize(1);
		assertThat(answers).filteredOn(r -> r.statusCode() != 201).allSatisfy(r -> assertThat(read(r.body()))
			.containsEntry("error_description", "a key with id " + id + " exists"));
		int winner = IntStream.range(0, 20).filter(i -> answers.get(i).statusCode() == 201).findFirst().orElseThrow();
		int loser = (winner + 1) % 20;
		call(secrets.get(winner), PING).expectStatus().isOk();
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Principal")).isEqualTo(id);
		call(secrets.get(loser), PING).expectStatus().isUnauthorized();

		// a loser's secret was released, not left claimed: it can be imported under another id
		adminCall("POST", "/admin/keys/import",
				Map.of("key", secrets.get(loser), "organizationId", organization, "mode", "test"))
			.expectStatus().isCreated();
		call(secrets.get(loser), PING).expectStatus().isOk();
	}

	@Test
	void rollWhenTenRollsWithoutGraceRaceThenExactlyOneSecretWorks() {
		Map<String, Object> key = createKey(Map.of("organizationId", organization()));
		String id = (String) key.get("id");

		List<HttpResponse<String>> answers = parallel(10, i -> admin("POST", "/admin/keys/" + id + "/roll", null));

		assertThat(answers).as(statuses(answers)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
		List<String> working = new ArrayList<>();
		for (HttpResponse<String> answer : answers) {
			String secret = (String) read(answer.body()).get("key");
			if (status(secret, PING) == 200) {
				working.add(secret);
			}
		}
		assertThat(working).as("secrets still working after 10 rolls without grace").hasSize(1);
		assertThat(status((String) key.get("key"), PING)).isEqualTo(401);
	}

	// ---- finding 7: a revoke always wins ----

	@Test
	void revokeWhenFiftyPatchesRaceItThenRevokeAnswers200NothingAnswers500AndTheKeyEndsRevoked() {
		Map<String, Object> key = createKey(Map.of("organizationId", organization(), "scopes", List.of("payments:read")));
		String id = (String) key.get("id");
		String secret = (String) key.get("key");
		call(secret, PING).expectStatus().isOk(); // cached on this instance

		List<HttpResponse<String>> answers = parallel(51, i -> i == 25 ? admin("POST", "/admin/keys/" + id + "/revoke", null)
				: admin("PATCH", "/admin/keys/" + id, json(Map.of("name", "patch " + i, "scopes",
						List.of("payments:read", "refunds:write"), "metadata", Map.of("n", Integer.toString(i))))));

		HttpResponse<String> revoke = answers.get(25);
		assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);
		assertThat(read(revoke.body())).containsEntry("status", "revoked");
		assertThat(answers).as(statuses(answers)).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 409));
		assertThat(answers).filteredOn(r -> r.statusCode() == 409).allSatisfy(r -> assertThat(read(r.body()))
			.containsEntry("error", "conflict"));

		assertThat(get(id)).containsEntry("status", "revoked");
		call(secret, PING).expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error_description").isEqualTo("API key has been revoked");

		// a PATCH afterwards changes what it names and leaves the key revoked
		Map<String, Object> patched = adminCall("PATCH", "/admin/keys/" + id, Map.of("name", "after", "scopes", List.of()))
			.expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
		assertThat(patched).containsEntry("name", "after").containsEntry("status", "revoked");
		call(secret, PING).expectStatus().isUnauthorized();
	}

	@Test
	void patchWhenFiftyPatchesRaceThenNoneAnswers500AndNoneIsLostHalfway() {
		String id = (String) createKey(Map.of("organizationId", organization())).get("id");

		List<HttpResponse<String>> answers = parallel(50, i -> admin("PATCH", "/admin/keys/" + id,
				json(Map.of("name", "patch " + i, "metadata", Map.of("n", Integer.toString(i))))));

		assertThat(answers).as(statuses(answers)).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 409));
		assertThat(answers).filteredOn(r -> r.statusCode() == 200).isNotEmpty();
		Map<String, Object> stored = get(id);
		String n = ((String) stored.get("name")).substring("patch ".length());
		assertThat(stored).containsEntry("metadata", Map.of("n", n)).containsEntry("status", "active");
	}

	// ---- finding 10: scopes and organization ids are tokens ----

	@Test
	void createWhenScopeHasTabNbspCommaNewlineOrQuoteThen400NamingItAndNothingStored() {
		String organization = organization();
		Map<String, String> refused = Map.of("payments:read\tadmin", "\"payments:read\\tadmin\"",
				"payments:read\u00a0admin", "\"payments:read\\u00a0admin\"",
				"payments:read,admin", "\"payments:read,admin\"",
				"payments:read\nadmin", "\"payments:read\\nadmin\"",
				"payments:read\r\nX-Injected: 1", "\"payments:read\\r\\nX-Injected: 1\"",
				"payments read", "\"payments read\"",
				"say\"hi\"", "\"say\\\"hi\\\"\"",
				"", "\"\"");
		refused.forEach((scope, shown) -> adminCall("POST", "/admin/keys",
				Map.of("organizationId", organization, "scopes", List.of("payments:read", scope)))
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_request")
			.jsonPath("$.error_description").isEqualTo("scopes[1] (" + shown + ") must be 1 to 256 printable ASCII "
					+ "characters without space, '\"', ',' or '\\' (an RFC 6749 scope-token)"));
		assertThat(list(organization)).isEmpty();

		Map<String, Object> created = createKey(Map.of("organizationId", organization, "scopes",
				List.of("payments:read", "refunds:write", "https://api.example.com/auth/x", "*")));
		call((String) created.get("key"), PING).expectStatus().isOk();
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Scopes"))
			.isEqualTo("payments:read refunds:write https://api.example.com/auth/x *");
	}

	@Test
	void createPatchOrImportWhenOrganizationIdIsNoTokenThen400NamingItAndNothingStored() {
		String organization = organization();
		for (String bad : List.of("org\r\nX-Injected: 1", "org demo", "org\tdemo", "org\u00a0demo", "org/demo", "org,demo",
				"o".repeat(129))) {
			adminCall("POST", "/admin/keys", Map.of("organizationId", bad)).expectStatus().isBadRequest()
				.expectBody().jsonPath("$.error_description").value(d -> assertThat((String) d)
					.startsWith("organizationId (\"").endsWith(") must be 1 to 128 characters of A-Z a-z 0-9 . _ : -")
					.doesNotContain("\n", "\t", "\u00a0"));
		}
		adminCall("POST", "/admin/keys", Map.of("organizationId", organization, "organizations", List.of("org_ok", "org\nbad")))
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description")
			.isEqualTo("organizations[1] (\"org\\nbad\") must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
		assertThat(list(organization)).isEmpty();

		String secret = "sk_live_badorg_" + System.nanoTime();
		adminCall("POST", "/admin/keys/import", Map.of("key", secret, "organizationId", organization, "mode", "live",
				"scopes", List.of("payments:read\tadmin")))
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").value(d -> assertThat((String) d).startsWith("scopes[0] (\"payments:read\\tadmin\")"));
		call(secret, PING).expectStatus().isUnauthorized();

		String id = (String) createKey(Map.of("organizationId", organization, "organizations", List.of("org_demo"),
				"scopes", List.of("payments:read"))).get("id");
		adminCall("PATCH", "/admin/keys/" + id, Map.of("organizations", List.of("org\u2028x"))).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").value(d -> assertThat((String) d).startsWith("organizations[0] (\"org\\u2028x\")"));
		adminCall("PATCH", "/admin/keys/" + id, Map.of("scopes", List.of("a,b"))).expectStatus().isBadRequest();
		assertThat(get(id)).containsEntry("organizations", List.of("org_demo")).containsEntry("scopes", List.of("payments:read"));
	}

	@Test
	void commandLineWhenScopeOrOrganizationIsNoTokenThenRefusedAndNothingStored() {
		String organization = organization();
		Cli scope = cli("create", "--organization-id", organization, "--scopes", "payments:read,refunds:write\tadmin");
		assertThat(scope.exit()).isEqualTo(1);
		assertThat(scope.err()).contains("scopes[1] (\"refunds:write\\tadmin\")");
		Cli org = cli("create", "--organization-id", organization + "\nX-Injected: 1");
		assertThat(org.exit()).isEqualTo(1);
		assertThat(org.err()).contains("organizationId (\"" + organization + "\\nX-Injected: 1\")");
		Cli imported = cli("import", "--organization-id", organization, "--key-sha256", "a".repeat(64), "--mode", "live",
				"--organizations", "org\u00a0b");
		assertThat(imported.exit()).isEqualTo(1);
		assertThat(imported.err()).contains("organizations[0] (\"org\\u00a0b\")");
		assertThat(list(organization)).isEmpty();
	}

	// ---- finding 13: null never widens a key ----

	@Test
	void patchWhenScopesNullThen400AndTheKeyStaysScoped() {
		Map<String, Object> key = createKey(Map.of("organizationId", organization(), "scopes", List.of("payments:read")));
		String id = (String) key.get("id");
		String secret = (String) key.get("key");
		call(secret, CREATE_REFUND).expectStatus().isForbidden();

		adminCall("PATCH", "/admin/keys/" + id, "{\"scopes\":null}").expectStatus().isBadRequest()
			.expectBody().json("{\"error\":\"invalid_request\",\"error_description\":\"scopes must not be null; omit it to "
					+ "keep the scopes; [] grants the full access of the organization\"}", true);

		assertThat(get(id)).containsEntry("scopes", List.of("payments:read"));
		backend.resetRequests();
		call(secret, CREATE_REFUND).expectStatus().isForbidden();
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void patchWhenNameOrganizationsOrMetadataNullThen400AndNothingChanges() {
		String id = (String) createKey(Map.of("name", "kept", "organizationId", organization(), "organizations",
				List.of("org_other"), "metadata", Map.of("team", "ci"))).get("id");
		for (String field : List.of("name", "organizations", "metadata")) {
			adminCall("PATCH", "/admin/keys/" + id, "{\"" + field + "\":null}").expectStatus().isBadRequest()
				.expectBody().jsonPath("$.error_description").value(d -> assertThat((String) d).startsWith(field + " must not be null; "));
		}
		adminCall("PATCH", "/admin/keys/" + id, "{\"metadata\":{\"team\":null}}").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").isEqualTo("metadata[\"team\"] must be a string, not null");
		assertThat(get(id)).containsEntry("name", "kept").containsEntry("organizations", List.of("org_other"))
			.containsEntry("metadata", Map.of("team", "ci"));
	}

	@Test
	void patchWhenScopesEmptyListThenTheKeyHasTheOrganizationsFullAccessAsDocumented() {
		Map<String, Object> key = createKey(Map.of("organizationId", organization(), "scopes", List.of("payments:read")));
		call((String) key.get("key"), CREATE_REFUND).expectStatus().isForbidden();
		adminCall("PATCH", "/admin/keys/" + key.get("id"), "{\"scopes\":[]}").expectStatus().isOk()
			.expectBody().jsonPath("$.scopes.length()").isEqualTo(0);
		call((String) key.get("key"), CREATE_REFUND).expectStatus().isOk();
	}

	// ---- helpers ----

	private static String organization() {
		return "org_race_" + System.nanoTime();
	}

	private WebTestClient.ResponseSpec call(String key, String body) {
		return client.post().uri("/api/mcp").header("Authorization", "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private int status(String key, String body) {
		return call(key, body).returnResult(Void.class).getStatus().value();
	}

	private WebTestClient.ResponseSpec adminCall(String method, String path, Object body) {
		WebTestClient.RequestBodySpec request = client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.header("Authorization", "Bearer " + ADMIN_TOKEN);
		return (body == null ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body)).exchange();
	}

	private Map<String, Object> get(String id) {
		return adminCall("GET", "/admin/keys/" + id, null).expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> list(String organization) {
		return (List<Map<String, Object>>) adminCall("GET", "/admin/keys?organizationId=" + organization, null)
			.expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("data");
	}

	private HttpRequest admin(String method, String path, String body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.header("Content-Type", "application/json")
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	/** Sends all requests at once, each on its own connection, and waits for every answer (in request order). */
	private List<HttpResponse<String>> parallel(int count, java.util.function.IntFunction<HttpRequest> request) {
		List<CompletableFuture<HttpResponse<String>>> futures = IntStream.range(0, count)
			.mapToObj(request)
			.map(r -> http.sendAsync(r, HttpResponse.BodyHandlers.ofString()))
			.toList();
		return futures.stream().map(CompletableFuture::join).toList();
	}

	private static String statuses(List<HttpResponse<String>> answers) {
		return answers.stream().map(r -> r.statusCode() + " " + r.body()).toList().toString();
	}

	private LoggedRequest lastBackendRequest() {
		List<LoggedRequest> all = backend.findAll(anyRequestedFor(anyUrl()));
		return all.get(all.size() - 1);
	}

	private static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> read(String body) {
		return JSON.readValue(body, Map.class);
	}

	private record Cli(int exit, String out, String err) {
	}

	private static Cli cli(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--spring.data.redis.url=" + TestRedis.url());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = KeyCommandLine.run(all.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
				new PrintStream(out, true), new PrintStream(err, true));
		return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}
}
