package dev.mcpedge.gateway.dev;

import java.util.Map;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The Redis audit stream on with the embedded Redis, so that {@code GET /admin/audit} and the key
 * dashboard's recent activity show records out of the box (the stream is off by default elsewhere:
 * an operator decides where audit records go). Added as the last property source, so
 * {@code mcp-edge.audit.redis-stream=false} still turns it off.
 */
final class DevelopmentAuditStream implements BeanFactoryPostProcessor, Ordered {

	static final String REDIS_STREAM = "mcp-edge.audit.redis-stream";

	private final ConfigurableEnvironment environment;

	DevelopmentAuditStream(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("mcp-edge-development-audit-stream", Map.of(REDIS_STREAM, "true")));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
