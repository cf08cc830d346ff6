package dev.mcpedge.gateway.support;

import java.time.Duration;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The admin API of one gateway as a test uses it: create, revoke and roll keys with the admin token,
 * expecting success, and answering the JSON body as a map.
 */
public final class AdminClient {

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient client;

	private final String token;

	public AdminClient(WebTestClient client, String token) {
		this.client = client;
		this.token = token;
	}

	/** The admin API of the gateway listening on {@code port}. */
	public static AdminClient of(int port, String token) {
		return new AdminClient(WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(10)).build(), token);
	}

	/** Creates a key (201 expected); the answer carries {@code key} (the secret, shown once) and {@code id}. */
	public Map<String, Object> createKey(Map<String, ?> request) {
		return client.post().uri("/admin/keys").header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(request)
			.exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
	}

	/** The secret of a new key of {@code organizationId} in {@code mode} ({@code test} or {@code live}). */
	public String key(String organizationId, String mode) {
		return (String) createKey(Map.of("organizationId", organizationId, "mode", mode)).get("key");
	}

	/** The secret of a new key made from {@code request}. */
	public String key(Map<String, ?> request) {
		return (String) createKey(request).get("key");
	}

	/** Revokes the key with this id. */
	public Map<String, Object> revoke(Object id) {
		return send(HttpMethod.POST, "/admin/keys/" + id + "/revoke", null);
	}

	/** Rolls the key with this id: a new secret, the old one valid for {@code gracePeriod} (ISO-8601). */
	public Map<String, Object> roll(Object id, String gracePeriod) {
		return send(HttpMethod.POST, "/admin/keys/" + id + "/roll", Map.of("gracePeriod", gracePeriod));
	}

	/** Any admin request that must succeed (2xx); {@code body} may be null. */
	public Map<String, Object> send(HttpMethod method, String path, Object body) {
		WebTestClient.RequestBodySpec request = client.method(method).uri(path).header("Authorization", "Bearer " + token);
		WebTestClient.RequestHeadersSpec<?> spec = body == null ? request
				: request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
		return spec.exchange().expectStatus().is2xxSuccessful().expectBody(MAP).returnResult().getResponseBody();
	}
}
