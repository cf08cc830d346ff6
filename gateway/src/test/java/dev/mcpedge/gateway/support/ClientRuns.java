package dev.mcpedge.gateway.support;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading what a client script of {@code src/test/node} printed (see {@link NodeClients}): one run of
 * a client is a JSON object with the protocol it agreed, the server it met and the HTTP exchanges it
 * made ({@code exchanges.mjs}). The end-to-end tests of both v2 scripts check these the same way.
 */
public final class ClientRuns {

	/** The protocol revision the v2 client is pinned to. */
	public static final String MODERN = "2026-07-28";

	private ClientRuns() {
	}

	/**
	 * Asserts that the v2 client spoke {@link #MODERN} with {@code server}, beginning with
	 * {@code server/discover}, and never asked for a session.
	 */
	public static void assertModernWithoutSession(Map<String, Object> run, String server) {
		assertThat(run.get("era")).isEqualTo("modern");
		assertThat(run.get("protocolVersion")).isEqualTo(MODERN);
		assertThat(run.get("server")).isEqualTo(server);
		assertThat(exchanges(run)).first().satisfies(probe -> assertThat(probe.get("mcpMethod")).isEqualTo("server/discover"));
		assertThat(exchanges(run)).as("stateless " + MODERN + ": no session asked for").allSatisfy(exchange -> {
			assertThat(exchange.get("protocolVersion")).isEqualTo(MODERN);
			assertThat(exchange.get("session")).isEqualTo(false);
		});
	}

	/**
	 * Asserts that the client took the edge's refusal of a test key's live-data call as a tool error
	 * (the edge's own result carries {@code resultType}, without which a v2 client rejects it).
	 */
	public static void assertTestKeyRefusalAccepted(Map<String, Object> call) {
		assertThat(call.get("thrown")).as("the client accepted the edge's result: " + call).isNull();
		assertThat(call.get("isError")).isEqualTo(true);
		assertThat((String) call.get("text")).startsWith("This is a test key");
	}

	/** The HTTP exchanges of a run, in order. */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> exchanges(Map<String, Object> run) {
		return (List<Map<String, Object>>) run.get("exchanges");
	}

	/** The first exchange of a run that carried {@code mcpMethod}. */
	public static Map<String, Object> firstExchange(Map<String, Object> run, String mcpMethod) {
		return exchanges(run).stream().filter(e -> mcpMethod.equals(e.get("mcpMethod"))).findFirst().orElseThrow();
	}
}
