package dev.mcpedge.loadtests.simulations;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * What every simulation shares: the settings (system properties), the MCP requests, and an open
 * workload. Each virtual user sends one request, and users arrive at a fixed rate whatever the
 * latency, so a slow target is measured as slow instead of being sent less (no coordinated
 * omission). Users share a keep-alive connection pool, as an MCP client or proxy does.
 *
 * <p>System properties: {@code url} (the target endpoint), {@code token} (sent as
 * {@code Authorization: Bearer}; none when empty), {@code rate} (requests per second),
 * {@code duration} and {@code warmup} (seconds). Warm-up requests run first at the same rate in
 * the group {@code warm-up}, so the measured request's statistics leave them out.
 */
final class Mcp {

	static final String URL = System.getProperty("url", "http://127.0.0.1:8080/api/mcp");

	static final String TOKEN = System.getProperty("token", "");

	static final double RATE = Double.parseDouble(System.getProperty("rate", "100"));

	static final int DURATION = Integer.getInteger("duration", 30);

	static final int WARMUP = Integer.getInteger("warmup", 5);

	static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";

	private Mcp() {
	}

	/** A {@code tools/call} of {@code tool} with {@code arguments} (a JSON object). */
	static String toolsCall(String tool, String arguments) {
		return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
				+ "\",\"arguments\":" + arguments + "}}";
	}

	static HttpProtocolBuilder protocol() {
		return http.shareConnections()
			.contentTypeHeader("application/json")
			.acceptHeader("application/json, text/event-stream");
	}

	/** A POST of {@code body} to the target with the configured token. */
	static HttpRequestActionBuilder post(String name, String body) {
		HttpRequestActionBuilder request = http(name).post(URL).body(StringBody(body));
		return TOKEN.isEmpty() ? request : request.header("Authorization", "Bearer " + TOKEN);
	}

	/** {@code chain} at the configured rate: warm-up, then the measured run. */
	static PopulationBuilder openLoad(String name, ChainBuilder chain) {
		PopulationBuilder measured = scenario(name).exec(chain).injectOpen(constantUsersPerSec(RATE).during(DURATION));
		if (WARMUP == 0) {
			return measured;
		}
		return scenario("warm-up").exec(group("warm-up").on(chain))
			.injectOpen(constantUsersPerSec(RATE).during(WARMUP))
			.andThen(measured);
	}

	/** Every request got the answer its checks expect. */
	static Assertion noFailures() {
		return global().failedRequests().count().is(0L);
	}
}
