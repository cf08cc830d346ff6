package dev.mcpedge.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import reactor.core.publisher.Mono;

import dev.mcpedge.auth.McpAuthGatewayFilterFactory;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.errors.BearerChallenge;
import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.jsonrpc.JsonRpcBody;
import dev.mcpedge.jsonrpc.JsonRpcError;
import dev.mcpedge.jsonrpc.JsonRpcMessage;
import dev.mcpedge.jsonrpc.JsonRpcReader;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads every MCP message before the backend sees it and enforces DESIGN §5: {@code Origin},
 * body size, strict JSON-RPC, agreement of the {@code Mcp-Method}/{@code Mcp-Name} headers with the
 * body, the scopes each tool needs, and test mode. A test-mode argument the caller left out is
 * inserted into the body bytes; nothing else in the body changes. A batch goes through whole or
 * not at all. Runs after {@code McpAuth}, whose identity it reads. YAML name: {@code McpPolicy}.
 */
public class McpPolicyGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	/** 2026-07-28 request header naming the JSON-RPC method. */
	public static final String METHOD_HEADER = "Mcp-Method";

	/** 2026-07-28 request header naming the tool, prompt or resource. */
	public static final String NAME_HEADER = "Mcp-Name";

	private static final Log logger = LogFactory.getLog(McpPolicyGatewayFilterFactory.class);

	private static final byte[] EMPTY = new byte[0];

	private final McpEdgeProperties.Policy policy;

	private final ToolRules rules;

	private final JsonRpcReader reader;

	private final TestModeRule testMode;

	private final ErrorResponder errors;

	private final String modeHeader;

	private final int maxBodySize;

	private final ToolHints hints;

	private final ToolListRewriter toolLists;

	public McpPolicyGatewayFilterFactory(McpEdgeProperties.Policy policy, ErrorResponder errors, String modeHeader,
			ToolHints hints, JsonMapper json) {
		super(Object.class);
		this.policy = policy;
		this.rules = new ToolRules(policy);
		this.hints = hints;
		this.toolLists = new ToolListRewriter(json, rules, hints, policy.testModeArgument());
		this.reader = new JsonRpcReader(policy.testModeArgument());
		this.testMode = new TestModeRule(policy.testModeArgument());
		this.errors = errors;
		this.modeHeader = modeHeader;
		this.maxBodySize = (int) policy.maxBodySize().toBytes();
	}

	@Override
	public GatewayFilter apply(Object config) {
		return new OrderedGatewayFilter(new GatewayFilter() {
			@Override
			public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
				return McpPolicyGatewayFilterFactory.this.filter(exchange, chain);
			}

			@Override
			public String toString() {
				return "McpPolicy";
			}
		}, McpAuthGatewayFilterFactory.ORDER + 1);
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
		return DataBufferUtils.join(request.getBody(), maxBodySize)
			.map(Bodies::copyAndRelease)
			.defaultIfEmpty(EMPTY)
			.map(Optional::of)
			.onErrorResume(DataBufferLimitException.class, ex -> Mono.just(Optional.empty()))
			.flatMap(body -> body.isEmpty() ? errors.write(exchange, EdgeErrors.payloadTooLarge(maxBodySize))
					: decide(exchange, chain, body.get()));
	}

	private Mono<Void> decide(ServerWebExchange exchange, GatewayFilterChain chain, byte[] bytes) {
		JsonRpcReader.Result read = reader.read(bytes);
		if (read instanceof JsonRpcReader.Refused refused) {
			return errors.write(exchange, EdgeErrors.jsonRpcError(HttpStatus.BAD_REQUEST, null, refused.error().code(),
					refused.error().message()));
		}
		JsonRpcBody body = ((JsonRpcReader.Read) read).body();
		String headerMismatch = headerMismatch(exchange.getRequest().getHeaders(), body);
		if (headerMismatch != null) {
			return errors.write(exchange, EdgeErrors.jsonRpcError(HttpStatus.BAD_REQUEST,
					body.batch() ? null : body.messages().get(0).id(), JsonRpcError.HEADER_MISMATCH, headerMismatch));
		}
		EdgeIdentity identity = exchange.getAttribute(EdgeIdentity.ATTRIBUTE);
		if (identity == null) {
			logger.error("McpPolicy needs McpAuth before it on the route; refusing the request");
			return errors.write(exchange, EdgeErrors.ofStatus(HttpStatus.INTERNAL_SERVER_ERROR, null));
		}
		List<String> unclassified = body.messages().stream()
			.filter(m -> m.isToolCall() && m.name() != null && rules.configuredReadOnly(m.name()).isEmpty())
			.map(JsonRpcMessage::name)
			.toList();
		Mono<Map<String, Boolean>> learned = unclassified.isEmpty() ? Mono.just(Map.of()) : hints.readOnly(unclassified);
		return learned.flatMap(backendHints -> decide(exchange, chain, bytes, body, identity, backendHints));
	}

	private Mono<Void> decide(ServerWebExchange exchange, GatewayFilterChain chain, byte[] bytes, JsonRpcBody body,
			EdgeIdentity identity, Map<String, Boolean> backendHints) {
		BearerChallenge challenge = exchange.getAttribute(BearerChallenge.ATTRIBUTE);
		Map<JsonRpcMessage, String> refusals = new LinkedHashMap<>();
		List<Insertion> insertions = new ArrayList<>();
		Boolean callMode = null;
		for (JsonRpcMessage message : body.messages()) {
			if (!message.isToolCall()) {
				continue;
			}
			if (message.name() == null || message.argumentsMalformed() || message.paramsEnd() < 0) {
				return errors.write(exchange, EdgeErrors.jsonRpcError(HttpStatus.BAD_REQUEST, message.id(),
						JsonRpcError.INVALID_PARAMS, "Invalid params: tools/call needs params.name (a string) and, if given, "
								+ "params.arguments as an object"));
			}
			ToolRules.ScopeCheck scopes = rules.check(message.name(), identity.scopes(), identity.unrestricted());
			if (!scopes.allowed()) {
				return errors.write(exchange, scopes.unmapped() ? EdgeErrors.toolNotGranted(message.name())
						: EdgeErrors.insufficientScope(challenge, scopes.required(), message.name()));
			}
			boolean readOnly = rules.configuredReadOnly(message.name())
				.orElse(backendHints.getOrDefault(message.name(), false));
			TestModeRule.Decision decision = testMode.decide(identity, message, readOnly);
			if (decision instanceof TestModeRule.Refuse refuse) {
				refusals.put(message, refuse.text());
			}
			else if (decision instanceof TestModeRule.Insert insert) {
				insertions.add(new Insertion(message, insert.test()));
				callMode = insert.test();
			}
			else {
				callMode = ((TestModeRule.Keep) decision).test();
			}
		}
		if (!refusals.isEmpty()) {
			return errors.write(exchange, EdgeErrors.answer(refusalAnswer(body, refusals)));
		}
		byte[] forwarded = insertions.isEmpty() ? bytes : splice(bytes, insertions);
		String mode = identity.mode() == null && !body.batch() && callMode != null ? (callMode ? "test" : "live") : null;
		JsonRpcMessage single = body.batch() ? null : body.messages().get(0);
		boolean toolList = single != null && single.isRequest() && JsonRpcMessage.TOOLS_LIST.equals(single.method());
		ServerWebExchange target = toolList
				? exchange.mutate().response(toolListResponse(exchange.getResponse(), identity)).build() : exchange;
		return forward(target, chain, forwarded, mode, toolList);
	}

	/**
	 * The answer to {@code tools/list}, rewritten for the caller: a JSON answer is read whole (up to
	 * the body limit), an SSE answer one event at a time; every other answer passes untouched.
	 */
	private ServerHttpResponse toolListResponse(ServerHttpResponse response, EdgeIdentity identity) {
		return new ServerHttpResponseDecorator(response) {
			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				MediaType type = getHeaders().getContentType();
				if (encoded(getHeaders())) {
					return unfilterable(this, body);
				}
				if (type != null && type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
					return writeAndFlushWith(Flux.from(body).map(Flux::just));
				}
				if (type == null || !type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
					return super.writeWith(body);
				}
				return DataBufferUtils.join(Flux.from(body), maxBodySize * 8).map(Bodies::copyAndRelease).flatMap(bytes -> {
					byte[] rewritten = toolLists.rewrite(bytes, identity);
					getHeaders().setContentLength(rewritten.length);
					return super.writeWith(Mono.just(bufferFactory().wrap(rewritten)));
				});
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				MediaType type = getHeaders().getContentType();
				if (type == null || !type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
					return super.writeAndFlushWith(body);
				}
				if (encoded(getHeaders())) {
					return unfilterable(this, Flux.from(body).concatMap(Flux::from));
				}
				getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
				Flux<DataBuffer> events = SseEvents
					.map(Flux.from(body).concatMap(Flux::from), event -> toolLists.rewriteEvent(event, identity))
					.map(bytes -> bufferFactory().wrap(bytes));
				return super.writeAndFlushWith(events.map(Flux::just));
			}
		};
	}

	private static String headerMismatch(HttpHeaders headers, JsonRpcBody body) {
		String method = headers.getFirst(METHOD_HEADER);
		String name = headers.getFirst(NAME_HEADER);
		if (method == null && name == null) {
			return null;
		}
		if (body.batch()) {
			return "Mcp-Method and Mcp-Name cannot describe a batch";
		}
		JsonRpcMessage message = body.messages().get(0);
		if (method != null && !method.equals(message.method())) {
			return "Mcp-Method header does not match the method in the body";
		}
		if (name != null && !name.equals(message.name())) {
			return "Mcp-Name header does not match the name in the body";
		}
		return null;
	}

	/** The edge's answer when a tool call is refused: its tool error, and nothing sent for a batch. */
	private static Object refusalAnswer(JsonRpcBody body, Map<JsonRpcMessage, String> refusals) {
		if (!body.batch()) {
			Map.Entry<JsonRpcMessage, String> refusal = refusals.entrySet().iterator().next();
			return EdgeErrors.toolErrorBody(refusal.getKey().id(), refusal.getValue());
		}
		List<Object> answers = new ArrayList<>();
		for (JsonRpcMessage message : body.messages()) {
			String refusal = refusals.get(message);
			if (refusal != null) {
				answers.add(EdgeErrors.toolErrorBody(message.id(), refusal));
			}
			else if (message.isRequest()) {
				answers.add(EdgeErrors.jsonRpcErrorBody(message.id(), -32000,
						"Not sent: another message of this batch was refused; send them again without it"));
			}
		}
		return answers;
	}

	private record Insertion(JsonRpcMessage message, boolean test) {
		int offset() {
			return message.argumentsEnd() >= 0 ? message.argumentsEnd() : message.paramsEnd();
		}
	}

	/** Inserts the test-mode argument where each call needs it; every other byte stays as it was. */
	private byte[] splice(byte[] body, List<Insertion> insertions) {
		List<Insertion> ordered = new ArrayList<>(insertions);
		ordered.sort(Comparator.comparingInt(Insertion::offset));
		List<byte[]> texts = new ArrayList<>();
		int extra = 0;
		for (Insertion insertion : ordered) {
			JsonRpcMessage message = insertion.message();
			String member = "\"" + policy.testModeArgument() + "\":" + insertion.test();
			String text = message.argumentsEnd() >= 0 ? (message.argumentsEmpty() ? "" : ",") + member
					: (message.paramsEmpty() ? "" : ",") + "\"arguments\":{" + member + "}";
			byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
			texts.add(encoded);
			extra += encoded.length;
		}
		byte[] result = new byte[body.length + extra];
		int from = 0;
		int to = 0;
		for (int i = 0; i < ordered.size(); i++) {
			int offset = ordered.get(i).offset();
			System.arraycopy(body, from, result, to, offset - from);
			to += offset - from;
			System.arraycopy(texts.get(i), 0, result, to, texts.get(i).length);
			to += texts.get(i).length;
			from = offset;
		}
		System.arraycopy(body, from, result, to, body.length - from);
		return result;
	}

	private static boolean encoded(HttpHeaders headers) {
		String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
		return encoding != null && !encoding.equalsIgnoreCase("identity");
	}

	/**
	 * A compressed {@code tools/list} answer although the edge asked for none: it cannot be filtered,
	 * so the caller gets a JSON-RPC error instead of a list that may name tools it cannot call.
	 */
	private Mono<Void> unfilterable(ServerHttpResponse response, Publisher<? extends DataBuffer> body) {
		logger.warn("The backend compressed a tools/list answer although asked not to; answering with an error");
		byte[] error = ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,"
				+ "\"message\":\"Internal error: the tools/list answer could not be read by the edge\"}}")
			.getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(HttpStatus.BAD_GATEWAY);
		response.getHeaders().remove(HttpHeaders.CONTENT_ENCODING);
		response.getHeaders().remove(HttpHeaders.TRANSFER_ENCODING);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().setContentLength(error.length);
		return Flux.from(body).doOnNext(DataBufferUtils::release).then(response.writeWith(Mono.just(response.bufferFactory().wrap(error))));
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, byte[] body, String mode,
			boolean toolList) {
		ServerHttpRequest withHeaders = exchange.getRequest().mutate().headers(headers -> {
			headers.setContentLength(body.length);
			headers.remove(HttpHeaders.TRANSFER_ENCODING);
			if (toolList) {
				headers.remove(HttpHeaders.ACCEPT_ENCODING); // the answer is read and rewritten here
			}
			if (mode != null) {
				headers.set(modeHeader, mode);
			}
		}).build();
		ServerHttpRequest withBody = new ServerHttpRequestDecorator(withHeaders) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
			}
		};
		return chain.filter(exchange.mutate().request(withBody).build());
	}
}
