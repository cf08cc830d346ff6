package dev.mcpedge.gateway.server;

import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.sessions.OpenStreams;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The orderly stop ({@code mcp-edge.shutdown.*}): readiness down and serving on for the drain delay,
 * each answer closing its connection ({@link DrainDelay}, {@link DrainingConnectionClose}); then
 * Spring Boot's graceful shutdown ({@code server.shutdown=graceful}) stops accepting and waits for the
 * requests in flight; at the grace period's end SSE streams still open are ended and requests still
 * unanswered get 504 ({@link GracePeriodCutoff}, {@link UnansweredRequestCutoff},
 * {@link ShutdownPhaseTimeout}). Only then do the lifecycles of lower phases stop: the API keys' event
 * subscription and use-time writer (which writes the last use times still in memory), then the Redis
 * connections and the event loops. {@code ExitOnSigterm} makes the exit status 0.
 */
@Configuration(proxyBeanMethods = false)
class ShutdownSequence {

	@Bean
	DrainDelay mcpEdgeDrainDelay(McpEdgeProperties properties) {
		return new DrainDelay(properties.shutdown().drainDelay());
	}

	@Bean
	DrainingConnectionClose mcpEdgeDrainingConnectionClose(DrainDelay drain) {
		return new DrainingConnectionClose(drain);
	}

	@Bean
	UnansweredRequestCutoff mcpEdgeUnansweredRequestCutoff(ErrorResponder errors) {
		return new UnansweredRequestCutoff(errors);
	}

	@Bean
	GracePeriodCutoff mcpEdgeGracePeriodCutoff(OpenStreams streams, UnansweredRequestCutoff requests,
			McpEdgeProperties properties) {
		return new GracePeriodCutoff(streams, requests, properties.shutdown().gracePeriod());
	}

	@Bean
	static ShutdownPhaseTimeout mcpEdgeShutdownPhaseTimeout(ObjectProvider<McpEdgeProperties> properties) {
		return new ShutdownPhaseTimeout(() -> properties.getObject().shutdown().gracePeriod());
	}
}
