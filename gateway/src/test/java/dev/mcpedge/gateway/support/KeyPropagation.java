package dev.mcpedge.gateway.support;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.mcpedge.gateway.support.Poll.timeUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promises every deployment with several gateway instances keeps (Redis Cluster, Sentinel): a key
 * gets the same answer through each instance, and a key revoked through one instance is refused by
 * another that had it cached within a second. One copy of the checks, so that each deployment's test
 * holds it to the same promises.
 */
public final class KeyPropagation {

	private static final Duration ONE_SECOND = Duration.ofSeconds(1);

	private KeyPropagation() {
	}

	/**
	 * Uses the key {@code created} (an admin API answer) through {@code other} twice, the second time
	 * from its cache, revokes it through {@code from} and asserts {@code other} refuses it within a second.
	 */
	public static void assertRevocationReachesWithinOneSecond(WebTestClient from, WebTestClient other,
			String adminToken, Map<String, Object> created) throws InterruptedException {
		String key = (String) created.get("key");
		assertThat(status(other, key)).isEqualTo(200);
		assertThat(status(other, key)).as("served from the other's cache").isEqualTo(200);
		new AdminClient(from, adminToken).send(HttpMethod.POST, "/admin/keys/" + created.get("id") + "/revoke", null);
		assertThat(timeUntil(Duration.ofSeconds(5), () -> status(other, key) == 401)).isLessThan(ONE_SECOND);
	}

	/** Asserts that a {@code ping} with {@code key} gets {@code status} through each of {@code instances}. */
	public static void assertStatusThroughEach(int status, String key, WebTestClient... instances) {
		for (int i = 0; i < instances.length; i++) {
			assertThat(status(instances[i], key)).as("through instance %d", i + 1).isEqualTo(status);
		}
	}

	private static int status(WebTestClient client, String key) {
		return McpClient.of(client).bearer(key).pingStatus();
	}
}
