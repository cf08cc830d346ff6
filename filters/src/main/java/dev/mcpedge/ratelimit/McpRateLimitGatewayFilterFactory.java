package dev.mcpedge.ratelimit;

import reactor.core.publisher.Mono;

import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.StepFactory;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Takes a token from every bucket of an authenticated request ({@link RateLimitBuckets}): the request
 * goes on with the {@code RateLimit-*} headers set, or is answered 429 with {@code Retry-After}. Runs
 * after {@code McpPolicy}, so that only requests the policy let through count, and reads from it
 * whether the request calls a write tool ({@link #WRITE_CALL_ATTRIBUTE}). An API key's own limit
 * replaces the default bucket. Requests without an identity pass; so does everything while
 * {@code mcp-edge.rate-limits.enabled} is off ({@code buckets} {@code null}). YAML name:
 * {@code McpRateLimit}.
 */
public class McpRateLimitGatewayFilterFactory extends StepFactory {

	/**
	 * Exchange attribute set to {@code true} by the policy when the request calls a write tool, which
	 * also takes a token from the write-tool bucket.
	 */
	public static final String WRITE_CALL_ATTRIBUTE = McpRateLimitGatewayFilterFactory.class.getName() + ".writeCall";

	private final @Nullable RateLimitBuckets buckets;

	private final ErrorResponder errors;

	/** @param buckets the buckets, or {@code null} to limit nothing */
	public McpRateLimitGatewayFilterFactory(@Nullable RateLimitBuckets buckets, ErrorResponder errors) {
		super("McpRateLimit", FilterOrder.RATE_LIMIT);
		this.buckets = buckets;
		this.errors = errors;
	}

	@Override
	protected Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		EdgeIdentity identity = exchange.getAttribute(EdgeIdentity.ATTRIBUTE);
		if (buckets == null || identity == null) {
			return chain.filter(exchange);
		}
		ApiKeyRecord key = exchange.getAttribute(ApiKeyRecord.ATTRIBUTE);
		BucketSettings keyLimit = key != null && key.rateLimit() != null
				? new BucketSettings(key.rateLimit().replenishRate(), key.rateLimit().burstCapacity()) : null;
		boolean writeCall = Boolean.TRUE.equals(exchange.getAttribute(WRITE_CALL_ATTRIBUTE));
		return buckets.acquire(identity, keyLimit, writeCall).flatMap(decision -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("RateLimit-Limit", Long.toString(decision.limit()));
			headers.set("RateLimit-Remaining", Long.toString(decision.remaining()));
			headers.set("RateLimit-Reset", Long.toString(decision.resetSeconds()));
			return decision.allowed() ? chain.filter(exchange)
					: errors.write(exchange, EdgeErrors.rateLimited(decision.retryAfterSeconds()));
		});
	}
}
