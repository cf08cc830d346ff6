/**
 * The shared test fixture of the gateway's integration tests. {@link dev.mcpedge.gateway.support.EdgeIntegrationTest}
 * boots the gateway on a random port against the test JVM's redis-server ({@link dev.mcpedge.gateway.support.TestRedis})
 * and a {@link dev.mcpedge.gateway.support.TestBackend} that belongs to the test's application context (and,
 * when asked for, a sandbox backend and a trusted {@link dev.mcpedge.gateway.support.TestIssuer});
 * {@link dev.mcpedge.gateway.support.GatewayTestSupport} adds a mutable clock for the tests that share one context
 * ({@code dev.mcpedge.testing.MutableClock}, the one copy for both modules, from the filters module's test jar).
 * Tests that start several gateways, or the application on its own, use
 * {@link dev.mcpedge.gateway.support.GatewayInstances}, and check what every multi-instance deployment promises
 * with {@link dev.mcpedge.gateway.support.KeyPropagation}. What the Node.js clients of {@code src/test/node}
 * saw is read with {@link dev.mcpedge.gateway.support.ClientRuns}; a request that must reach the server byte
 * for byte goes through {@link dev.mcpedge.gateway.support.RawHttp}. Requests are written with
 * {@link dev.mcpedge.gateway.support.McpClient}, {@link dev.mcpedge.gateway.support.McpJson} and
 * {@link dev.mcpedge.gateway.support.AdminClient}; what runs on an MCP route is read with
 * {@link dev.mcpedge.gateway.support.RouteSteps}. Waiting is {@link dev.mcpedge.gateway.support.Poll#timeUntil}
 * with a deadline, never a fixed sleep. A test that needs a backend WireMock cannot play (one that holds
 * a stream open until the test says so, or notices a cancelled response) writes its own with Reactor Netty.
 */
package dev.mcpedge.gateway.support;
