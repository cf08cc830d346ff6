package dev.mcpedge.policy;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.StepFactory;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Rewrites the backend's answer to a request holding {@code tools/list} for the caller
 * ({@link ToolListResponse}): only the tools the caller may call, the test-mode argument declared, and
 * what the backend says of its tools learned on the way. {@code McpPolicy} marks such requests;
 * others pass untouched. Runs after {@code McpRateLimit}, so that a refused request is answered
 * without it. YAML name: {@code McpToolList}.
 */
public class McpToolListGatewayFilterFactory extends StepFactory {

	/** Exchange attribute holding the {@link ToolListRewriter.Request} the policy found in the body. */
	static final String REQUEST_ATTRIBUTE = McpToolListGatewayFilterFactory.class.getName() + ".request";

	private final ToolListResponse.Parts parts;

	/**
	 * @param paramHeaders where the {@code x-mcp-header} of the test-mode argument is learned, or
	 * {@code null}
	 * @param testMode whether test mode is on; when off, the test-mode argument is never declared
	 */
	public McpToolListGatewayFilterFactory(PolicySettings policy, ToolHints hints,
			@Nullable ToolParamHeaders paramHeaders, ErrorResponder errors, JsonMapper json, boolean testMode) {
		super("McpToolList", FilterOrder.TOOL_LIST);
		ToolListRewriter rewriter = new ToolListRewriter(json, new ToolRules(policy),
				testMode ? policy.testModeArgument() : null);
		this.parts = new ToolListResponse.Parts(rewriter, hints, paramHeaders, errors, Schedulers.boundedElastic(),
				(int) policy.maxToolListSize().toBytes());
	}

	@Override
	protected Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ToolListRewriter.Request request = exchange.getAttribute(REQUEST_ATTRIBUTE);
		return chain.filter(request == null ? exchange : ToolListResponse.install(exchange, parts, request));
	}
}
