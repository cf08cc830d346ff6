package dev.mcpedge.web;

import reactor.core.publisher.Mono;

import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.StepFactory;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Holds an MCP endpoint to the Streamable HTTP transport: answers 400 to a protocol upgrade (a
 * WebSocket would carry messages past every check of the policy, h2c would change the protocol under
 * it) and to a body on any method but POST (a backend honouring {@code X-HTTP-Method-Override} could
 * run a GET's body as the POST the policy never saw). YAML name: {@code McpTransport}.
 */
public class McpTransportGatewayFilterFactory extends StepFactory {

	private static final String HTTP2_SETTINGS = "HTTP2-Settings";

	private final ErrorResponder errors;

	public McpTransportGatewayFilterFactory(ErrorResponder errors) {
		super("McpTransport", FilterOrder.TRANSPORT);
		this.errors = errors;
	}

	@Override
	protected Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String refusal = refusal(exchange.getRequest());
		return refusal == null ? chain.filter(exchange) : errors.write(exchange, EdgeErrors.invalidRequest(refusal));
	}

	private static String refusal(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		if (headers.containsHeader(HttpHeaders.UPGRADE) || headers.containsHeader(HTTP2_SETTINGS)
				|| headers.getConnection().stream().anyMatch("upgrade"::equalsIgnoreCase)) {
			return "MCP endpoints do not upgrade the protocol (WebSocket, h2c); use Streamable HTTP";
		}
		if (request.getMethod() != HttpMethod.POST
				&& (headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING))) {
			return "a body is accepted only on POST";
		}
		return null;
	}
}
