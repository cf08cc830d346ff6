package dev.mcpedge.gateway.dev;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Tells an operator, without a stack trace, how to point the gateway at a real Redis. */
class ProductionSettingsWithoutRedisFailureAnalyzer extends AbstractFailureAnalyzer<ProductionSettingsWithoutRedisException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ProductionSettingsWithoutRedisException cause) {
		return new FailureAnalysis(cause.getMessage()
				+ ": keys created through the admin API would be lost at the next restart, and other instances would not see them.",
				"Configure your Redis with Spring Boot's settings: spring.data.redis.url (or spring.data.redis.host, "
						+ "spring.data.redis.sentinel.master and .nodes, spring.data.redis.cluster.nodes). "
						+ "To run on the embedded development Redis anyway, set " + DevelopmentDefaults.DEV_MODE + "=true.",
				cause);
	}
}
