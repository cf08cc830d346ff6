package dev.mcpedge.policy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.mcpedge.audit.AuditRecord;
import dev.mcpedge.errors.BearerChallenge;
import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.IdentityHeaders;
import dev.mcpedge.jsonrpc.JsonRpcError;
import dev.mcpedge.jsonrpc.JsonRpcMessage;
import dev.mcpedge.jsonrpc.ProtocolVersions;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.NamedStep;
import dev.mcpedge.ratelimit.McpRateLimitGatewayFilterFactory;
import dev.mcpedge.routing.SandboxRoutingFilter;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads every MCP message before the backend sees it and decides on it (DESIGN §5): {@code Origin},
 * body size, strict JSON-RPC, agreement of the {@code Mcp-Method}/{@code Mcp-Name} headers with the
 * body, the scopes each tool needs, and test mode ({@link PolicyEngine}). A test-mode argument the
 * caller left out is inserted into the body bytes; nothing else in the body changes. A batch goes
 * through whole or not at all. Runs after {@code McpAuth}, whose identity it reads.
 * <p>
 * What it settles, the later steps act on, through exchange attributes: whether the request calls a
 * write tool ({@code McpRateLimit}), the {@code tools/list} requests whose answer is rewritten
 * ({@code McpToolList}), the request's JSON-RPC id for errors, and the mode of the call (the identity
 * headers and the audit record). YAML name: {@code McpPolicy}.
 */
public class McpPolicyGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	/** 2026-07-28 request header naming the JSON-RPC method. */
	public static final String METHOD_HEADER = "Mcp-Method";

	/** 2026-07-28 request header naming the tool, prompt or resource. */
	public static final String NAME_HEADER = "Mcp-Name";

	private static final Log logger = LogFactory.getLog(McpPolicyGatewayFilterFactory.class);

	private static final byte[] EMPTY = new byte[0];

	private final PolicySettings policy;

	private final PolicyEngine engine;

	private final ErrorResponder errors;

	private final int maxBodySize;

	private final ToolHints hints;

	private final boolean includeArguments;

	private final @Nullable URI sandbox;

	private final @Nullable ToolParamHeaders paramHeaders;

	/**
	 * @param paramHeaders the {@code x-mcp-header} names learned for the test-mode argument, so that an
	 * inserted argument gets its {@code Mcp-Param-*} header; {@code null} to set none
	 * @param sandbox the sandbox backend test keys are sent to ({@code mcp-edge.backend.test-url}), or
	 * {@code null}
	 * @param testMode whether test mode is on; when off, the test-mode argument is never inserted or
	 * checked
	 */
	public McpPolicyGatewayFilterFactory(PolicySettings policy, ErrorResponder errors, ToolHints hints,
			@Nullable ToolParamHeaders paramHeaders, boolean includeArguments, @Nullable URI sandbox, boolean testMode) {
		super(Object.class);
		this.paramHeaders = paramHeaders;
		this.sandbox = sandbox;
		this.includeArguments = includeArguments;
		this.policy = policy;
		this.engine = new PolicyEngine(policy, testMode);
		this.hints = hints;
		this.errors = errors;
		this.maxBodySize = (int) policy.maxBodySize().toBytes();
	}

	@Override
	public GatewayFilter apply(Object config) {
		return NamedStep.of("McpPolicy", FilterOrder.POLICY, this::filter);
	}

	private Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String origin = request.getHeaders().getOrigin();
		if (origin != null && !policy.allowedOrigins().contains(origin)) {
			return errors.write(exchange, EdgeErrors.originNotAllowed());
		}
		if (request.getMethod() != HttpMethod.POST) {
			return chain.filter(exchange);
		}
		if (request.getHeaders().getContentLength() > maxBodySize) {
			return errors.write(exchange, EdgeErrors.payloadTooLarge(maxBodySize));
		}
		return Bodies.readAtMost(request.getBody(), maxBodySize, request.getHeaders().getContentLength())
			.defaultIfEmpty(Optional.of(EMPTY))
			.onErrorResume(DataBufferLimitException.class, ex -> Mono.just(Optional.empty()))
			.flatMap(body -> body.isEmpty() ? errors.write(exchange, EdgeErrors.payloadTooLarge(maxBodySize))
					: decide(exchange, chain, body.get()));
	}

	private Mono<Void> decide(ServerWebExchange exchange, GatewayFilterChain chain, byte[] bytes) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		PolicyEngine.Outcome read = engine.read(bytes, headers.getFirst(METHOD_HEADER), headers.getFirst(NAME_HEADER),
				headers.getFirst(ProtocolVersions.HEADER));
		if (read instanceof PolicyEngine.Answer answer) {
			return errors.write(exchange, answer.error());
		}
		EdgeIdentity identity = exchange.getAttribute(EdgeIdentity.ATTRIBUTE);
		if (identity == null) {
			logger.error("McpPolicy needs McpAuth before it on the route; refusing the request");
			return errors.write(exchange, EdgeErrors.ofStatus(HttpStatus.INTERNAL_SERVER_ERROR, null));
		}
		PolicyEngine.Parsed parsed = (PolicyEngine.Parsed) read;
		String id = parsed.body().batch() ? null : parsed.body().messages().get(0).id();
		if (id != null) {
			exchange.getAttributes().put(EdgeErrors.JSON_RPC_ID_ATTRIBUTE, id);
		}
		AuditRecord record = AuditRecord.of(exchange);
		if (record != null) {
			audit(record, parsed);
		}
		String backend = backend(exchange, identity);
		Mono<Map<String, Boolean>> learned = parsed.unclassifiedTools().isEmpty() ? Mono.just(Map.of())
				: hints.readOnly(backend, parsed.unclassifiedTools());
		BearerChallenge challenge = exchange.getAttribute(BearerChallenge.ATTRIBUTE);
		Mono<Optional<String>> paramHeader = paramHeader(parsed, backend);
		return Mono.zip(learned, paramHeader).flatMap(lookups -> {
			PolicyEngine.Outcome outcome = engine.decide(parsed, identity, challenge, lookups.getT1());
			if (outcome instanceof PolicyEngine.Answer answer) {
				return errors.write(exchange, answer.error());
			}
			PolicyEngine.Forward forward = (PolicyEngine.Forward) outcome;
			Map.Entry<String, String> setHeader = ToolParamHeaders.mirror(lookups.getT2(), forward.testMode());
			if (setHeader != null && ToolParamHeaders.disagrees(headers, setHeader)) {
				return errors.write(exchange, EdgeErrors.jsonRpcError(HttpStatus.BAD_REQUEST, id,
						JsonRpcError.HEADER_MISMATCH, setHeader.getKey() + " header does not match the arguments in the body"));
			}
			settle(exchange, record, forward, new ToolListRewriter.Request(identity, backend, forward.toolLists(),
					parsed.stateless(), id));
			return chain.filter(exchange.mutate().request(Bodies.withBody(exchange, forward.body(), setHeader)).build());
		});
	}

	/** Leaves what the policy settled on the exchange for the later steps: the one place that does. */
	private static void settle(ServerWebExchange exchange, @Nullable AuditRecord record, PolicyEngine.Forward forward,
			ToolListRewriter.Request toolList) {
		Map<String, Object> attributes = exchange.getAttributes();
		if (forward.mode() != null) {
			attributes.put(IdentityHeaders.CALL_MODE_ATTRIBUTE, forward.mode());
			if (record != null) {
				record.mode(forward.mode());
			}
		}
		if (forward.writeCall()) {
			attributes.put(McpRateLimitGatewayFilterFactory.WRITE_CALL_ATTRIBUTE, true);
		}
		if (forward.toolList()) {
			attributes.put(McpToolListGatewayFilterFactory.REQUEST_ATTRIBUTE, toolList);
		}
	}

	/**
	 * The header (without {@code Mcp-Param-}) the called tool mirrors the test-mode argument in, for
	 * a body that is one tool call; empty otherwise or when unknown.
	 */
	private Mono<Optional<String>> paramHeader(PolicyEngine.Parsed parsed, String backend) {
		JsonRpcMessage message = parsed.body().messages().get(0);
		if (paramHeaders == null || parsed.body().batch() || !message.isToolCall() || message.name() == null) {
			return Mono.just(Optional.empty());
		}
		return paramHeaders.of(backend, message.name());
	}

	/**
	 * The backend this request goes to, by name: what it said of its tools applies to it alone, so the
	 * sandbox never teaches the live backend's tools.
	 */
	private String backend(ServerWebExchange exchange, EdgeIdentity identity) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		URI uri = sandbox != null && SandboxRoutingFilter.sandboxed(identity) ? sandbox
				: route != null ? route.getUri() : URI.create("route:none");
		return ToolHints.backendName(uri);
	}

	private void audit(AuditRecord record, PolicyEngine.Parsed parsed) {
		List<JsonRpcMessage> messages = parsed.body().messages();
		if (parsed.body().batch()) {
			String tools = messages.stream().filter(JsonRpcMessage::isToolCall).map(JsonRpcMessage::name)
				.filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.joining(","));
			record.jsonRpc("batch", tools.isEmpty() ? null : tools, null);
			return;
		}
		JsonRpcMessage message = messages.get(0);
		String arguments = includeArguments && message.argumentsStart() >= 0
				? new String(parsed.bytes(), message.argumentsStart(), message.argumentsEnd() - message.argumentsStart() + 1,
						StandardCharsets.UTF_8)
				: null;
		record.jsonRpc(message.method() != null ? message.method() : "response", message.isToolCall() ? message.name() : null,
				arguments);
	}
}
