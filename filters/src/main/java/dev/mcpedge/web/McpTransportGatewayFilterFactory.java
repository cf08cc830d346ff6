package dev.mcpedge.web;


import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.NamedStep;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Holds an MCP endpoint to the Streamable HTTP transport: answers 400 to a protocol upgrade (a
 * WebSocket would carry messages past every check of the policy, h2c would change the protocol under
 * it) and to a body on any method but POST (a backend honouring {@code X-HTTP-Method-Override} could
 * run a GET's body as the POST the policy never saw). YAML name: {@code McpTransport}.
 */
public class McpTransportGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private static final String HTTP2_SETTINGS = "HTTP2-Settings";

	private final ErrorResponder errors;

	public McpTransportGatewayFilterFactory(ErrorResponder errors) {
		super(Object.class);
		this.errors = errors;
	}

	@Override
	public GatewayFilter apply(Object config) {
		return NamedStep.of("McpTransport", FilterOrder.TRANSPORT, (exchange, chain) -> {
			String refusal = refusal(exchange.getRequest());
			return refusal == null ? chain.filter(exchange) : errors.write(exchange, EdgeErrors.invalidRequest(refusal));
		});
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
