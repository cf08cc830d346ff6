package dev.mcpedge.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the backend receives of the inbound headers: every spelling of an identity header or
 * {@code Authorization} dropped (case, {@code _} for {@code -}), every other header kept, checked
 * against the folded-name rule over generated spellings.
 */
class IdentityHeadersTests {

	private static final IdentityHeaderNames NAMES = new IdentityHeaderNames("X-MCP-Edge-Auth-Method",
			"X-MCP-Edge-Principal", "X-MCP-Edge-Organization", "X-MCP-Edge-Scopes", "X-MCP-Edge-Access",
			"X-MCP-Edge-Mode", "X-Request-Id");

	private static final Set<String> DROPPED = Set.of("authorization", "x-mcp-edge-auth-method", "x-mcp-edge-principal",
			"x-mcp-edge-organization", "x-mcp-edge-scopes", "x-mcp-edge-access", "x-mcp-edge-mode", "x-request-id");

	private final IdentityHeaders identityHeaders = new IdentityHeaders(NAMES);

	@Test
	void generatedSpellingsThenDroppedExactlyWhenTheirFoldedNameIsAnIdentityHeader() {
		Random random = new Random(16);
		List<String> spellings = new ArrayList<>();
		for (String name : DROPPED) {
			spellings.add(name);
			spellings.add(name + "s");
			spellings.add(name.substring(1));
			for (int i = 0; i < 40; i++) {
				spellings.add(respelled(name, random));
			}
		}
		spellings.add("X-Request-\u0130d");
		spellings.add("X-MCP-Edge-Scop\u00e9s");
		spellings.add("X-Other");
		for (String spelling : spellings) {
			HttpHeaders inbound = new HttpHeaders();
			inbound.add(spelling, "forged");
			inbound.add("Content-Type", "application/json");
			HttpHeaders sent = identityHeaders.filter(inbound, exchange());
			boolean dropped = DROPPED.contains(spelling.toLowerCase(Locale.ROOT).replace('_', '-'));
			assertThat(sent.get(spelling) == null || !sent.get(spelling).contains("forged")).as(spelling)
				.isEqualTo(dropped);
			assertThat(sent.getFirst("Content-Type")).isEqualTo("application/json");
			assertThat(sent.getFirst("X-MCP-Edge-Principal")).isEqualTo("key_1");
		}
	}

	@Test
	void headerNameWithKelvinSignThenFoldedAsTheBackendWould() {
		IdentityHeaders withK = new IdentityHeaders(new IdentityHeaderNames("X-Kind", "X-MCP-Edge-Principal",
				"X-MCP-Edge-Organization", "X-MCP-Edge-Scopes", "X-MCP-Edge-Access", "X-MCP-Edge-Mode", "X-Request-Id"));
		HttpHeaders inbound = new HttpHeaders();
		inbound.add("X-\u212Aind", "forged");
		HttpHeaders sent = withK.filter(inbound, exchange());
		assertThat(sent.get("X-\u212Aind")).doesNotContain("forged");
		assertThat(sent.getFirst("X-Kind")).isEqualTo("api_key");
	}

	private static String respelled(String name, Random random) {
		StringBuilder spelling = new StringBuilder();
		for (char c : name.toCharArray()) {
			if (c == '-' && random.nextBoolean()) {
				spelling.append('_');
			}
			else if (random.nextBoolean()) {
				spelling.append(Character.toUpperCase(c));
			}
			else {
				spelling.append(c);
			}
		}
		return spelling.toString();
	}

	private static MockServerWebExchange exchange() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/mcp"));
		exchange.getAttributes().put(EdgeIdentity.ATTRIBUTE,
				new EdgeIdentity(AuthMethod.API_KEY, "key_1", "org_1", List.of("tools:read"), false, null));
		return exchange;
	}
}
