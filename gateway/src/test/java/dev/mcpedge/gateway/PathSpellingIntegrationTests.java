package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.RawHttp;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Other spellings of the admin API's and the MCP endpoints' paths, sent byte for byte as an attacker
 * would: each is refused (400 by the path firewall, 404 by the router), or authenticated and audited
 * exactly like the canonical path. Never does one reach an admin handler without the admin token, nor
 * an MCP backend without an audit record.
 */
@ExtendWith(OutputCaptureExtension.class)
class PathSpellingIntegrationTests extends GatewayTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TOOLS_LIST = McpJson.TOOLS_LIST;

	private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + ADMIN_TOKEN);

	@BeforeEach
	void auditLogLevel() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("mcp-edge.audit", LogLevel.INFO);
		backend.stubFor(post("/mcp").willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}")));
	}

	@AfterEach
	void resetAuditLogLevel() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("mcp-edge.audit", null);
	}

	@Test
	void adminListWhenMatrixParameterOrEncodedLetterThen400AndNoKeysShown() throws Exception {
		createKey("org_spelling_x", "live", List.of());
		for (String path : List.of("/admin;a=b/keys?organizationId=org_spelling_x", "/%61dmin/keys?organizationId=org_spelling_x")) {
			RawHttp.Response response = RawHttp.exchange(port, "GET", path, Map.of(), null);
			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.body()).as(path).contains("\"error\":\"invalid_request\"").doesNotContain("key_");
			assertThat(response.header("X-Request-Id")).as(path).isNotBlank();
		}
	}

	@Test
	void adminCreateWhenMatrixParameterAndNoTokenThen400AndNoKeyCreated() throws Exception {
		RawHttp.Response response = RawHttp.exchange(port, "POST", "/admin;a=b/keys",
				Map.of("Content-Type", "application/json"), "{\"organizationId\":\"org_spelling_create\",\"mode\":\"live\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("mcp_live_");
		assertThat(keysOf("org_spelling_create")).isEqualTo("{\"data\":[]}");
	}

	@Test
	void adminOperationsWhenAnyOtherSpellingThenRefusedAndNothingChanges() throws Exception {
		String organization = "org_spelling_ops";
		String id = (String) createKey(organization, "test", List.of()).get("id");
		String before = keysOf(organization);
		Map<String, String> json = Map.of("Content-Type", "application/json");
		List<Operation> operations = List.of(new Operation("POST", "/admin/keys", "{\"organizationId\":\"" + organization + "\"}"),
				new Operation("GET", "/admin/keys", null), new Operation("GET", "/admin/keys/" + id, null),
				new Operation("PATCH", "/admin/keys/" + id, "{\"scopes\":[\"x:read\"]}"),
				new Operation("POST", "/admin/keys/" + id + "/revoke", null),
				new Operation("POST", "/admin/keys/" + id + "/roll", "{}"),
				new Operation("POST", "/admin/keys/import", "{\"organizationId\":\"" + organization + "\",\"key\":\"imported-0123456789abcdef0123456789\"}"),
				new Operation("GET", "/admin/audit", null));
		int sent = 0;
		for (Operation operation : operations) {
			for (Map.Entry<String, String> spelling : spellings(operation.path()).entrySet()) {
				String path = spelling.getValue() + (operation.method().equals("GET") ? "?organizationId=" + organization : "");
				RawHttp.Response response = RawHttp.exchange(port, operation.method(), path,
						operation.body() != null ? json : Map.of(), operation.body());
				assertThat(response.status()).as("%s %s (%s) without the admin token", operation.method(), path, spelling.getKey())
					.isIn(400, 401, 404);
				sent++;
			}
		}
		assertThat(sent).isGreaterThan(150);
		assertThat(keysOf(organization)).as("no key was created, changed, rolled, revoked or imported").isEqualTo(before);
	}

	@Test
	void adminListWhenOtherSpellingWithTokenThenRefusedOrTheSameAnswer() throws Exception {
		createKey("org_spelling_list", "test", List.of());
		String canonical = keysOf("org_spelling_list");
		for (Map.Entry<String, String> spelling : spellings("/admin/keys").entrySet()) {
			RawHttp.Response response = RawHttp.exchange(port, "GET", spelling.getValue() + "?organizationId=org_spelling_list",
					ADMIN, null);
			assertThat(response.status()).as(spelling.getKey()).isIn(200, 400, 404);
			if (response.status() == 200) {
				assertThat(response.body()).as(spelling.getKey()).isEqualTo(canonical);
			}
		}
	}

	@Test
	void mcpCallsWhenOtherSpellingsThenRefusedOrForwardedAndAuditedOnceUnderTheEndpoint(CapturedOutput output) throws Exception {
		Map<String, Object> key = createKey("org_spelling_mcp", "live", List.of());
		Map<String, String> withKey = Map.of("Authorization", "Bearer " + key.get("key"), "Content-Type", "application/json",
				"Accept", "application/json, text/event-stream");
		double metricsBefore = requestCount("/api/mcp");
		Map<String, RawHttp.Response> routed = new LinkedHashMap<>();
		List<String> refused = new ArrayList<>();
		Map<String, String> spellings = spellings("/api/mcp");
		spellings.put("canonical", "/api/mcp");
		spellings.put("matrix parameter on the last segment (the issue's attack)", "/api/mcp;a=b");
		spellings.put("encoded letter (the issue's attack)", "/api/%6dcp");
		for (Map.Entry<String, String> spelling : spellings.entrySet()) {
			RawHttp.Response response = RawHttp.exchange(port, "POST", spelling.getValue(), withKey, TOOLS_LIST);
			assertThat(response.status()).as(spelling.getKey()).isIn(200, 400, 404);
			if (response.status() == 200) {
				routed.put(spelling.getKey(), response);
			}
			else {
				refused.add(response.header("X-Request-Id"));
			}
		}
		assertThat(routed).containsKey("canonical");
		assertThat(refused).as("the issue's spellings are refused").hasSizeGreaterThanOrEqualTo(2);
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).as("only routed calls reach the backend").hasSize(routed.size());

		List<Map<String, Object>> records = auditRecords(output, routed.size());
		for (Map.Entry<String, RawHttp.Response> call : routed.entrySet()) {
			String requestId = call.getValue().header("X-Request-Id");
			assertThat(records.stream().filter(r -> requestId.equals(r.get("requestId"))))
				.as("one audit record for %s", call.getKey())
				.singleElement()
				.satisfies(r -> assertThat(r).containsEntry("endpoint", "/api/mcp")
					.containsEntry("principal", key.get("id"))
					.containsEntry("method", "tools/list")
					.containsEntry("decision", "allowed"));
		}
		assertThat(records).as("no audit record for refused spellings").noneMatch(r -> refused.contains(r.get("requestId")));
		assertThat(requestCount("/api/mcp") - metricsBefore).as("one metric sample per routed call").isEqualTo(routed.size());
	}

	@Test
	void mcpCallsWhenOtherSpellingsWithoutCredentialThenRefusedOrChallengedAndAuditedLikeTheCanonicalPath(CapturedOutput output)
			throws Exception {
		Map<String, String> json = Map.of("Content-Type", "application/json");
		String canonicalChallenge = RawHttp.exchange(port, "POST", "/api/mcp/oauth", json, TOOLS_LIST).header("WWW-Authenticate");
		assertThat(canonicalChallenge).contains("resource_metadata=");
		List<String> challenged = new ArrayList<>();
		for (String endpoint : List.of("/api/mcp", "/api/mcp/oauth")) {
			for (Map.Entry<String, String> spelling : spellings(endpoint).entrySet()) {
				RawHttp.Response response = RawHttp.exchange(port, "POST", spelling.getValue(), json, TOOLS_LIST);
				assertThat(response.status()).as("%s (%s)", spelling.getValue(), spelling.getKey()).isIn(400, 401, 404);
				if (response.status() == 401) {
					challenged.add(response.header("X-Request-Id"));
					if (endpoint.equals("/api/mcp/oauth")) {
						assertThat(response.header("WWW-Authenticate")).as(spelling.getValue()).isEqualTo(canonicalChallenge);
					}
				}
			}
		}
		List<Map<String, Object>> records = auditRecords(output, challenged.size());
		for (String requestId : challenged) {
			assertThat(records.stream().filter(r -> requestId.equals(r.get("requestId")))).singleElement()
				.satisfies(r -> assertThat((String) r.get("endpoint")).isIn("/api/mcp", "/api/mcp/oauth"))
				.satisfies(r -> assertThat(r).containsEntry("decision", "refused").containsEntry("status", 401));
		}
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void metadataWhenOtherSpellingThenRefusedOrTheSameDocument() throws Exception {
		String path = "/.well-known/oauth-protected-resource/api/mcp/oauth";
		String canonical = RawHttp.exchange(port, "GET", path, Map.of(), null).body();
		assertThat(canonical).contains("\"resource\":\"https://mcp.example.com/edge/api/mcp/oauth\"");
		for (Map.Entry<String, String> spelling : spellings(path).entrySet()) {
			RawHttp.Response response = RawHttp.exchange(port, "GET", spelling.getValue(), Map.of(), null);
			assertThat(response.status()).as(spelling.getKey()).isIn(200, 400, 404);
			if (response.status() == 200) {
				assertThat(response.body()).as(spelling.getKey()).isEqualTo(canonical);
			}
		}
	}

	@Test
	void firewallWhenAmbiguousPathThen400JsonWithRequestId() throws Exception {
		for (String path : List.of("/api/mcp;jsessionid=1", "/api/%6Dcp", "/api%2Fmcp", "/api/%2e/mcp", "/api//mcp", "/api/./mcp",
				"/api/x/../mcp", "/api%5Cmcp", "/api/%25mcp", "/api/mcp%C3%A9", "/api/mcp%00")) {
			RawHttp.Response response = RawHttp.exchange(port, "POST", path, Map.of("Content-Type", "application/json"), TOOLS_LIST);
			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.header("Content-Type")).as(path).startsWith("application/json");
			assertThat(response.header("X-Request-Id")).as(path).isNotBlank();
			assertThat(JSON.readTree(response.body()).get("error").asString()).as(path).isEqualTo("invalid_request");
		}
		assertThat(RawHttp.exchange(port, "TRACE", "/api/mcp", Map.of(), null).status()).isEqualTo(400);
		// not URIs at all: refused by the HTTP layer before the edge sees the request
		for (String path : List.of("/api\\mcp", "/api/mcp%zz", "/api/m\u00e9p")) {
			assertThat(RawHttp.exchange(port, "POST", path, Map.of(), TOOLS_LIST).status()).as(path).isEqualTo(400);
		}
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	/** Spellings of a canonical path, named, from the ones an attacker tries first. */
	static Map<String, String> spellings(String canonical) {
		String[] segments = canonical.substring(1).split("/");
		Map<String, String> spellings = new LinkedHashMap<>();
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			spellings.put("matrix parameter on segment " + i, with(segments, i, segment + ";a=b"));
			spellings.put("empty matrix parameter on segment " + i, with(segments, i, segment + ";"));
			spellings.put("encoded letter in segment " + i,
					with(segments, i, String.format("%%%02x", (int) segment.charAt(0)) + segment.substring(1)));
			spellings.put("last letter encoded, upper-case hex, in segment " + i, with(segments, i,
					segment.substring(0, segment.length() - 1) + String.format("%%%02X", (int) segment.charAt(segment.length() - 1))));
			spellings.put("upper case segment " + i, with(segments, i, segment.toUpperCase()));
			spellings.put("doubled slash before segment " + i, with(segments, i, "/" + segment));
			spellings.put("dot segment before segment " + i, with(segments, i, "./" + segment));
			spellings.put("dot-dot segment before segment " + i, with(segments, i, "x/../" + segment));
			spellings.put("encoded dot segment before segment " + i, with(segments, i, "%2e/" + segment));
			spellings.put("encoded dot-dot segment before segment " + i, with(segments, i, "x/%2E%2E/" + segment));
			spellings.put("non-ASCII letter in segment " + i, with(segments, i, "%D0%B0" + segment.substring(1)));
			spellings.put("double-encoded letter in segment " + i,
					with(segments, i, String.format("%%25%02x", (int) segment.charAt(0)) + segment.substring(1)));
			if (i > 0) {
				spellings.put("encoded slash before segment " + i, canonical.replace("/" + segment, "%2F" + segment));
				spellings.put("backslash before segment " + i, canonical.replace("/" + segment, "\\" + segment));
			}
		}
		spellings.put("trailing slash", canonical + "/");
		spellings.put("trailing encoded slash", canonical + "%2F");
		spellings.put("trailing dot segment", canonical + "/.");
		spellings.put("leading double slash", "/" + canonical);
		return spellings;
	}

	private static String with(String[] segments, int index, String replacement) {
		StringBuilder path = new StringBuilder();
		for (int i = 0; i < segments.length; i++) {
			path.append('/').append(i == index ? replacement : segments[i]);
		}
		return path.toString();
	}

	private String keysOf(String organization) throws Exception {
		RawHttp.Response response = RawHttp.exchange(port, "GET", "/admin/keys?organizationId=" + organization, ADMIN, null);
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

	/** The sum of {@code mcp_edge_requests_seconds_count} samples of an endpoint. */
	private double requestCount(String endpoint) throws Exception {
		String metrics = RawHttp.exchange(port, "GET", "/actuator/prometheus", Map.of(), null).body();
		Matcher sample = Pattern.compile("(?m)^mcp_edge_requests_seconds_count\\{([^}]*)} (\\S+)$").matcher(metrics);
		double count = 0;
		while (sample.find()) {
			if (sample.group(1).contains("endpoint=\"" + endpoint + "\"")) {
				count += Double.parseDouble(sample.group(2));
			}
		}
		return count;
	}

	/** The audit records logged so far, once at least {@code expected} of them are there. */
	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> auditRecords(CapturedOutput output, int expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		List<Map<String, Object>> records;
		do {
			records = output.getOut().lines()
				.filter(line -> line.contains("mcp-edge.audit") && line.contains("{\"requestId\""))
				.map(line -> (Map<String, Object>) JSON.readValue(line.substring(line.indexOf("{\"requestId\"")), Map.class))
				.toList();
			if (records.size() >= expected) {
				return records;
			}
			Thread.sleep(20);
		}
		while (System.nanoTime() < deadline);
		return records;
	}

	private record Operation(String method, String path, String body) {
	}
}
