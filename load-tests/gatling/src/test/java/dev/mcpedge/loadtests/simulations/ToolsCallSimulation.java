package dev.mcpedge.loadtests.simulations;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * A small {@code tools/call} of a read tool, JSON answer; with an API key, an OAuth access token
 * or no credential, depending on {@code token} and {@code url}. The latency measure of
 * {@code compare.sh}.
 */
public class ToolsCallSimulation extends Simulation {

	{
		setUp(Mcp.openLoad("tools/call", exec(Mcp.post("tools/call", Mcp.toolsCall("get_balance", "{}"))
			.check(status().is(200), substring("\"result\"")))))
			.protocols(Mcp.protocol())
			.assertions(Mcp.noFailures());
	}
}
