package dev.mcpedge.loadtests.simulations;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

/** A {@code tools/call} of the stub's tool {@code sse}, answered as one server-sent event. */
public class SseSimulation extends Simulation {

	{
		setUp(Mcp.openLoad("tools/call sse", exec(Mcp.post("tools/call sse", Mcp.toolsCall("sse", "{}"))
			.check(status().is(200), header("Content-Type").is("text/event-stream"), substring("event: message")))))
			.protocols(Mcp.protocol())
			.assertions(Mcp.noFailures());
	}
}
