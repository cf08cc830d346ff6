package dev.mcpedge.gateway.dev;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The demo MCP server's tools mapped to scopes (DESIGN §9), while the demo server is the backend and
 * the operator maps no tool himself: {@code payments:read} for the read tools, {@code refunds:write}
 * for {@code create_refund}, {@code payments:write} for {@code cancel_payment_intent}. Keys without
 * scopes keep their organization's full access; a key or token with scopes calls what they grant,
 * and the development identity provider offers these scopes on its consent page.
 * <p>
 * Added as the last property source, before any bean binds the settings and before the development
 * identity provider reads the mapping (hence {@link Ordered}: the provider's post-processor is not).
 */
final class DemoToolScopes implements BeanFactoryPostProcessor, Ordered {

	static final String TOOL_SCOPES = "mcp-edge.policy.tool-scopes";

	/** The mapping, tool by tool, in the order the demo server lists its tools. */
	static final Map<String, String> SCOPES = scopes();

	private final ConfigurableEnvironment environment;

	DemoToolScopes(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (Binder.get(environment).bind(TOOL_SCOPES, Bindable.mapOf(String.class, Object.class)).isBound()) {
			return;
		}
		Map<String, Object> settings = new LinkedHashMap<>();
		// brackets keep the underscores of a map key (relaxed binding drops them otherwise)
		SCOPES.forEach((tool, scope) -> settings.put(TOOL_SCOPES + "[" + tool + "]", scope));
		environment.getPropertySources().addLast(new MapPropertySource("mcp-edge-demo-tool-scopes", settings));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	private static Map<String, String> scopes() {
		Map<String, String> scopes = new LinkedHashMap<>();
		scopes.put("get_balance", "payments:read");
		scopes.put("list_payment_intents", "payments:read");
		scopes.put("get_payment_intent", "payments:read");
		scopes.put("create_refund", "refunds:write");
		scopes.put("cancel_payment_intent", "payments:write");
		return scopes;
	}
}
