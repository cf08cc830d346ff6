package dev.mcpedge.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.pipeline.FilterOrder;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The rate-limit step on its own: what a caller sees when its buckets allow or refuse. Redis is down
 * here (a stub that fails), so the buckets are this instance's, on a fixed clock; the shared buckets
 * are covered by the integration tests against a real Redis.
 */
@SuppressWarnings("unchecked")
class McpRateLimitGatewayFilterFactoryTests {

	private static final EdgeIdentity OAUTH = new EdgeIdentity(AuthMethod.OAUTH, "user", null, List.of("s"), false, null);

	private final ReactiveStringRedisTemplate redis = mock(ReactiveStringRedisTemplate.class);

	private final GatewayFilter filter;

	McpRateLimitGatewayFilterFactoryTests() {
		when(redis.execute(any(RedisScript.class), anyList(), anyList())).thenReturn(Flux.error(new IllegalStateException("down")));
		RateLimitSettings settings = new RateLimitSettings(new BucketSettings(1, 3), new BucketSettings(100, 100),
				new BucketSettings(1, 1), Map.of(), 0.1, Duration.ofSeconds(2));
		Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
		RateLimitBuckets buckets = new RateLimitBuckets(redis, settings, fixed, new SimpleMeterRegistry());
		this.filter = new McpRateLimitGatewayFilterFactory(buckets, new ErrorResponder(JsonMapper.builder().build()))
			.apply(new Object());
	}

	private MockServerWebExchange send(boolean writeCall) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/mcp"));
		exchange.getAttributes().put(EdgeIdentity.ATTRIBUTE, OAUTH);
		if (writeCall) {
			exchange.getAttributes().put(McpRateLimitGatewayFilterFactory.WRITE_CALL_ATTRIBUTE, true);
		}
		filter.filter(exchange, forwarded -> {
			forwarded.getResponse().setStatusCode(HttpStatus.OK);
			return Mono.empty();
		}).block();
		return exchange;
	}

	@Test
	void applyThenRunsAtItsPlaceInThePipeline() {
		assertThat(((Ordered) filter).getOrder()).isEqualTo(FilterOrder.RATE_LIMIT);
		assertThat(filter.toString()).contains("McpRateLimit");
	}

	@Test
	void filterWhenTokensLeftThenForwardedWithTheRateLimitHeaders() {
		MockServerWebExchange exchange = send(false);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(exchange.getResponse().getHeaders().getFirst("RateLimit-Limit")).isEqualTo("3");
		assertThat(exchange.getResponse().getHeaders().getFirst("RateLimit-Remaining")).isEqualTo("2");
	}

	@Test
	void filterWhenTheWriteBucketIsEmptyThen429WithRetryAfterWhileReadsGoOn() {
		assertThat(send(true).getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		MockServerWebExchange refused = send(true);
		assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(refused.getResponse().getBodyAsString().block()).contains("\"error\":\"rate_limited\"");
		assertThat(send(false).getResponse().getStatusCode()).as("a read takes from the principal's bucket only")
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void filterWhenNoIdentityThenPassesUncounted() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/mcp"));
		filter.filter(exchange, forwarded -> Mono.empty()).block();
		assertThat(exchange.getResponse().getHeaders().containsHeader("RateLimit-Limit")).isFalse();
	}
}
