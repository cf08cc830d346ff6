package dev.mcpedge.loadtests.simulations;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.status;

/** {@code tools/list}: through mcp-edge, its answer is rewritten to declare the test-mode argument. */
public class ToolsListSimulation extends Simulation {

	{
		setUp(Mcp.openLoad("tools/list", exec(Mcp.post("tools/list", Mcp.TOOLS_LIST)
			.check(status().is(200), substring("\"tools\"")))))
			.protocols(Mcp.protocol())
			.assertions(Mcp.noFailures());
	}
}
