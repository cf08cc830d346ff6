package dev.mcpedge.loadtests.simulations;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * A {@code tools/call} whose arguments carry about {@code bodyKb} KB of text (system property,
 * default 100): the cost of reading, checking and forwarding a large body.
 */
public class LargeBodySimulation extends Simulation {

	private static final int BODY_KB = Integer.getInteger("bodyKb", 100);

	{
		String arguments = "{\"note\":\"" + "x".repeat(BODY_KB * 1024) + "\"}";
		setUp(Mcp.openLoad("tools/call large", exec(Mcp.post("tools/call large", Mcp.toolsCall("get_balance", arguments))
			.check(status().is(200), substring("\"result\"")))))
			.protocols(Mcp.protocol())
			.assertions(Mcp.noFailures());
	}
}
