package dev.mcpedge.pipeline;

import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;

/**
 * The order of every filter of the edge: the one place that says which step runs before which. A
 * lower value runs first on the way in, and its response decorator sees the answer last on the way
 * out. Spring Cloud Gateway sorts a route's filters together with its own global filters by these
 * values, so the route lists the steps in this order too.
 * <p>
 * Web filters (every request the server receives, before routing):
 * <table>
 * <caption>Web filters</caption>
 * <tr><th>Order</th><th>Constant</th><th>Class</th><th>Job</th></tr>
 * <tr><td>{@code HIGHEST_PRECEDENCE}</td><td>{@link #REQUEST_ID}</td><td>{@code RequestIdWebFilter}</td><td>gives the request its id</td></tr>
 * <tr><td>{@code HIGHEST_PRECEDENCE + 1}</td><td>{@link #PATH_FIREWALL}</td><td>{@code PathFirewallWebFilter}</td><td>refuses ambiguous path spellings</td></tr>
 * <tr><td>{@code HIGHEST_PRECEDENCE + 2}</td><td>{@link #DRAINING_CONNECTION_CLOSE}</td><td>{@code DrainingConnectionClose} (application)</td><td>{@code Connection: close} while draining</td></tr>
 * </table>
 * <p>
 * Gateway filters of an MCP route (the gateway's own filters in italics):
 * <table>
 * <caption>Gateway filters</caption>
 * <tr><th>Order</th><th>Constant</th><th>Class</th><th>Job</th></tr>
 * <tr><td>{@code HIGHEST_PRECEDENCE + 1}</td><td>{@link #AUDIT}</td><td>{@code McpAudit}</td><td>opens the audit record, writes it and the metrics at the end</td></tr>
 * <tr><td>{@code HIGHEST_PRECEDENCE + 2}</td><td>{@link #TRANSPORT}</td><td>{@code McpTransport}</td><td>Streamable HTTP only: no upgrade, a body only on POST</td></tr>
 * <tr><td>-9</td><td>{@link #AUTH}</td><td>{@code McpAuth}</td><td>API key or access token to an {@code EdgeIdentity}</td></tr>
 * <tr><td>-8</td><td>{@link #POLICY}</td><td>{@code McpPolicy}</td><td>{@code Origin}, body read, JSON-RPC read, scopes, test mode</td></tr>
 * <tr><td>-7</td><td>{@link #RATE_LIMIT}</td><td>{@code McpRateLimit}</td><td>a token from each of the request's buckets, or 429</td></tr>
 * <tr><td>-6</td><td>{@link #TOOL_LIST}</td><td>{@code McpToolList}</td><td>rewrites the answer to {@code tools/list} for the caller</td></tr>
 * <tr><td>-5</td><td>{@link #SESSION}</td><td>{@code McpSession}</td><td>holds {@code Mcp-Session-Id} to its owner</td></tr>
 * <tr><td>-3</td><td>{@link #SSE_IDLE_TIMEOUT}</td><td>{@code McpSseIdleTimeout}</td><td>ends an SSE stream that went quiet</td></tr>
 * <tr><td>-2</td><td>{@link #STREAM_END}</td><td>{@code McpStreamEnd}</td><td>ends an SSE stream when its credential ends</td></tr>
 * <tr><td>-1</td><td></td><td><i>{@code NettyWriteResponseFilter}</i></td><td>writes the backend's answer</td></tr>
 * <tr><td>10000</td><td></td><td><i>{@code RouteToRequestUrlFilter}</i></td><td>the backend's scheme, host and port</td></tr>
 * <tr><td>10001</td><td>{@link #BACKEND_URL}</td><td>{@code BackendUrl} (application)</td><td>the backend's URL: its endpoint's path, the request's query</td></tr>
 * <tr><td>10002</td><td>{@link #SANDBOX}</td><td>{@code McpSandbox}</td><td>test keys to the sandbox backend</td></tr>
 * <tr><td>{@code LOWEST_PRECEDENCE - 11}</td><td>{@link #UNANSWERED_REQUEST_CUTOFF}</td><td>{@code UnansweredRequestCutoff} (application)</td><td>answers 504 at the end of the grace period</td></tr>
 * <tr><td>{@code LOWEST_PRECEDENCE - 10}</td><td>{@link #CIRCUIT_BREAKER}</td><td>{@code McpCircuitBreaker}</td><td>503 while the backend fails</td></tr>
 * <tr><td>{@code LOWEST_PRECEDENCE}</td><td></td><td><i>{@code NettyRoutingFilter}</i></td><td>calls the backend</td></tr>
 * </table>
 * <p>
 * Headers sent to the backend: {@link #IDENTITY_HEADERS} ({@code IdentityHeaders}) is the last
 * header filter, after the removal of hop-by-hop headers.
 */
public final class FilterOrder {

	/** The request id, first of all: every answer, refusals included, carries it. */
	public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;

	/** The path firewall, right after the request id, before any routing. */
	public static final int PATH_FIREWALL = REQUEST_ID + 1;

	/** {@code Connection: close} while draining: around the edge's own answers as well as the backend's. */
	public static final int DRAINING_CONNECTION_CLOSE = PATH_FIREWALL + 1;

	/** The audit record: before every other filter of the route, so that the refusals of all of them are recorded. */
	public static final int AUDIT = Ordered.HIGHEST_PRECEDENCE + 1;

	/** The transport check: after the audit record is opened, before authentication. */
	public static final int TRANSPORT = AUDIT + 1;

	/**
	 * Authentication. Every step from here to {@link #STREAM_END} runs before
	 * {@code NettyWriteResponseFilter}, so that the response decorators they install are the ones it
	 * writes through.
	 */
	public static final int AUTH = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 8;

	/** The policy: reads the body and decides, after the identity is known. */
	public static final int POLICY = AUTH + 1;

	/** The rate limit: only requests the policy let through take a token. */
	public static final int RATE_LIMIT = POLICY + 1;

	/** The {@code tools/list} answer rewrite, for requests that pass the rate limit. */
	public static final int TOOL_LIST = RATE_LIMIT + 1;

	/** The session binding, once the request is known to go to the backend. */
	public static final int SESSION = TOOL_LIST + 1;

	/** The SSE idle timeout, a response decorator. */
	public static final int SSE_IDLE_TIMEOUT = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 2;

	/** The end of streams whose credential ends, a response decorator right inside the writing filter. */
	public static final int STREAM_END = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

	/**
	 * The application's backend URL: right after the gateway's own, which it completes with the
	 * endpoint's path (no copy of the request with another path).
	 */
	public static final int BACKEND_URL = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

	/** The sandbox switch: right after the target URL is known. */
	public static final int SANDBOX = BACKEND_URL + 1;

	/** The application's cutoff of unanswered requests: just outside the circuit breaker. */
	public static final int UNANSWERED_REQUEST_CUTOFF = Ordered.LOWEST_PRECEDENCE - 11;

	/** The circuit breaker: after the target URL is final, right before the gateway's routing filter. */
	public static final int CIRCUIT_BREAKER = Ordered.LOWEST_PRECEDENCE - 10;

	/** The identity headers: the last header filter, after the removal of hop-by-hop and {@code Connection}-named headers. */
	public static final int IDENTITY_HEADERS = Ordered.LOWEST_PRECEDENCE;

	private FilterOrder() {
	}
}
