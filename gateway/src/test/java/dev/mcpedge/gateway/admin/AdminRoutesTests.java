package dev.mcpedge.gateway.admin;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.errors.EdgeErrorWebExceptionHandler;
import dev.mcpedge.errors.ErrorResponder;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin credential check is part of the admin routes, not of a filter in front of them: even with
 * no path firewall (here the routes alone, as the router sees them), every spelling that the router
 * sends to an admin handler meets the check.
 */
class AdminRoutesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static WebTestClient routes(AdminCredential credential) {
		// no key store and no audit log: a request that got past the check would fail with a 500
		return WebTestClient
			.bindToRouterFunction(new AdminConfiguration().adminRoutes(credential, null, new KeyRequests(JSON), null))
			.handlerStrategies(HandlerStrategies.builder()
				.exceptionHandler(EdgeErrorWebExceptionHandler.forEveryExchange(new ErrorResponder(JSON)))
				.build())
			.build();
	}

	@Test
	void adminRouteWhenAnySpellingTheRouterAcceptsAndNoTokenThen401() {
		WebTestClient client = routes(new AdminCredential("admin-token-0123456789", false));
		for (String request : List.of("GET /admin/keys", "GET /admin;a=b/keys", "GET /%61dmin/keys", "POST /admin/keys;x=y",
				"PATCH /admin/%6beys/key_1", "POST /admin/keys/key_1/revoke;v=1", "POST /admin/keys/%6Bey_1/roll",
				"POST /admin/keys/import;", "GET /admin/audit;a")) {
			String[] methodAndPath = request.split(" ");
			client.method(HttpMethod.valueOf(methodAndPath[0])).uri(URI.create(methodAndPath[1])).exchange()
				.expectStatus().value(status -> assertThat(status).as(request).isEqualTo(401))
				.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"mcp-edge-admin\"")
				.expectBody().json("{\"error\":\"unauthorized\"}", true);
		}
		client.post().uri(URI.create("/admin;a=b/keys/key_1/roll")).header("Authorization", "Bearer wrong-token")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error_description").isEqualTo("admin token is not valid");
	}

	@Test
	void adminRouteWhenAdminApiOffThen404EvenWithAToken() {
		routes(new AdminCredential(null, false)).post().uri(URI.create("/admin;a=b/keys"))
			.header("Authorization", "Bearer anything")
			.exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.error_description").isEqualTo("the admin API is off (set mcp-edge.admin.token)");
	}
}
