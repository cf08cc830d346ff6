package dev.mcpedge.autoconfigure;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.audit.AuditLog;
import dev.mcpedge.audit.McpAuditGatewayFilterFactory;
import dev.mcpedge.auth.McpAuthGatewayFilterFactory;
import dev.mcpedge.backend.BackendCircuitBreakerFilter;
import dev.mcpedge.backend.SseIdleTimeoutFilter;
import dev.mcpedge.discovery.EndpointUrls;
import dev.mcpedge.discovery.ProtectedResourceMetadataEndpoint;
import dev.mcpedge.errors.EdgeErrorWebExceptionHandler;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.identity.IdentityHeaders;
import dev.mcpedge.keys.ApiKeyFormat;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ApiKeyStore;
import dev.mcpedge.keys.ApiKeyVerifier;
import dev.mcpedge.keys.ApiKeyVerifierLifecycle;
import dev.mcpedge.oauth.OAuthTokens;
import dev.mcpedge.policy.McpPolicyGatewayFilterFactory;
import dev.mcpedge.policy.McpToolListGatewayFilterFactory;
import dev.mcpedge.policy.ToolHints;
import dev.mcpedge.policy.ToolParamHeaders;
import dev.mcpedge.ratelimit.McpRateLimitGatewayFilterFactory;
import dev.mcpedge.ratelimit.RateLimitBuckets;
import dev.mcpedge.routing.SandboxRoutingFilter;
import dev.mcpedge.sessions.KeyStreamRevoker;
import dev.mcpedge.sessions.McpSessionGatewayFilterFactory;
import dev.mcpedge.sessions.OpenStreams;
import dev.mcpedge.sessions.SessionBindings;
import dev.mcpedge.sessions.StreamEndFilter;
import dev.mcpedge.web.McpTransportGatewayFilterFactory;
import dev.mcpedge.web.PathFirewallWebFilter;
import dev.mcpedge.web.RequestIdWebFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.conditional.ConditionalOnEnabledFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The edge's building blocks: request ids, error rendering, API keys, identity headers, the steps of
 * an MCP route (see {@link dev.mcpedge.pipeline.FilterOrder} for their order) and the protected
 * resource metadata endpoints. Routes are left to the application, which lists the steps on each.
 * Every bean a user may replace backs off when the application defines its own, and each step can be
 * switched off as Spring Cloud Gateway's own filters can
 * ({@code spring.cloud.gateway.server.webflux.filter.mcp-auth.enabled=false}; see
 * {@link McpEdgeRouteFilters} for what the edge's own routes do then).
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@EnableConfigurationProperties(McpEdgeProperties.class)
@Import({ McpEdgeRedisClientConfiguration.class, McpEdgeRouteFiltersConfiguration.class })
public class McpEdgeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock mcpEdgeClock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	ErrorResponder mcpEdgeErrorResponder(ObjectProvider<JsonMapper> json) {
		return new ErrorResponder(json.getIfAvailable(JsonMapper::new));
	}

	/**
	 * JSON errors for the edge's own exchanges only; an application serving nothing but the edge
	 * declares its own handler for every exchange ({@link EdgeErrorWebExceptionHandler#forEveryExchange}).
	 */
	@Bean
	@ConditionalOnMissingBean
	EdgeErrorWebExceptionHandler mcpEdgeErrorWebExceptionHandler(ErrorResponder responder) {
		return EdgeErrorWebExceptionHandler.forEdgeExchanges(responder);
	}

	@Bean
	@ConditionalOnMissingBean
	RequestIdWebFilter mcpEdgeRequestIdWebFilter() {
		return new RequestIdWebFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	PathFirewallWebFilter mcpEdgePathFirewallWebFilter(ErrorResponder errors) {
		return new PathFirewallWebFilter(errors);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnEnabledFilter
	McpTransportGatewayFilterFactory mcpTransportGatewayFilterFactory(ErrorResponder errors) {
		return new McpTransportGatewayFilterFactory(errors);
	}

	@Bean
	@ConditionalOnMissingBean
	EndpointUrls mcpEdgeEndpointUrls(McpEdgeProperties properties) {
		return new EndpointUrls(properties.publicUrl());
	}

	@Bean
	@ConditionalOnMissingBean
	ApiKeyStore mcpEdgeApiKeyStore(ReactiveStringRedisTemplate redis, ObjectProvider<JsonMapper> json) {
		return new ApiKeyStore(redis, json.getIfAvailable(JsonMapper::new));
	}

	@Bean
	@ConditionalOnMissingBean
	ApiKeyVerifier mcpEdgeApiKeyVerifier(McpEdgeProperties properties, ApiKeyStore store, Clock clock,
			ObjectProvider<MeterRegistry> meters) {
		ApiKeysProperties keys = properties.apiKeys();
		return new ApiKeyVerifier(new ApiKeyFormat(keys.livePrefix(), keys.testPrefix()), store, clock,
				FeatureSettings.keyCache(properties), keys.lastUsedInterval(), meters(meters));
	}

	@Bean
	@ConditionalOnMissingBean
	ApiKeyAdministration mcpEdgeApiKeyAdministration(ApiKeyVerifier verifier, ApiKeyStore store, Clock clock) {
		return new ApiKeyAdministration(verifier, store, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	ApiKeyVerifierLifecycle mcpEdgeApiKeyVerifierLifecycle(ApiKeyVerifier verifier) {
		return new ApiKeyVerifierLifecycle(verifier);
	}

	@Bean
	@ConditionalOnMissingBean
	IdentityHeaders mcpEdgeIdentityHeaders(McpEdgeProperties properties) {
		return new IdentityHeaders(FeatureSettings.identityHeaders(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnEnabledFilter
	McpAuthGatewayFilterFactory mcpAuthGatewayFilterFactory(ApiKeyVerifier verifier, McpEdgeProperties properties, Clock clock,
			ErrorResponder errors, EndpointUrls urls, ObjectProvider<MeterRegistry> meters) {
		OAuthTokens oauthTokens = properties.oauth().issuers().isEmpty() ? null
				: new OAuthTokens(FeatureSettings.oauth(properties), clock, meters(meters));
		return new McpAuthGatewayFilterFactory(verifier, oauthTokens, errors, urls, FeatureSettings.failedAuth(properties),
				clock);
	}

	/** What each backend says of its tools, learned from its {@code tools/list} answers; shared by policy and rewrite. */
	@Bean
	@ConditionalOnMissingBean
	ToolHints mcpEdgeToolHints(McpEdgeProperties properties, ReactiveStringRedisTemplate redis) {
		return new ToolHints(redis, properties.policy().trustReadOnlyHints());
	}

	/** The {@code x-mcp-header} of the test-mode argument, learned from {@code tools/list} answers. */
	@Bean
	@ConditionalOnMissingBean
	ToolParamHeaders mcpEdgeToolParamHeaders(ReactiveStringRedisTemplate redis) {
		return new ToolParamHeaders(redis);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnEnabledFilter
	McpPolicyGatewayFilterFactory mcpPolicyGatewayFilterFactory(McpEdgeProperties properties, ErrorResponder errors,
			ToolHints hints, ToolParamHeaders paramHeaders) {
		return new McpPolicyGatewayFilterFactory(FeatureSettings.policy(properties), errors, hints, paramHeaders,
				properties.audit().includeArguments(), properties.backend().testUrl(), properties.apiKeys().testMode());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnEnabledFilter
	McpRateLimitGatewayFilterFactory mcpRateLimitGatewayFilterFactory(McpEdgeProperties properties,
			ErrorResponder errors, ReactiveStringRedisTemplate redis, Clock clock, ObjectProvider<MeterRegistry> meters) {
		RateLimitBuckets buckets = properties.rateLimits().enabled()
				? new RateLimitBuckets(redis, FeatureSettings.rateLimits(properties), clock, meters(meters)) : null;
		return new McpRateLimitGatewayFilterFactory(buckets, errors);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnEnabledFilter
	McpToolListGatewayFilterFactory mcpToolListGatewayFilterFactory(McpEdgeProperties properties, ErrorResponder errors,
			ToolHints hints, ToolParamHeaders paramHeaders, ObjectProvider<JsonMapper> json) {
		return new McpToolListGatewayFilterFactory(FeatureSettings.policy(properties), hints, paramHeaders, errors,
				json.getIfAvailable(JsonMapper::new), properties.apiKeys().testMode());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "mcp-edge.backend.circuit-breaker", name = "enabled", matchIfMissing = true)
	@ConditionalOnProperty(name = McpEdgeRouteFilters.SWITCH_PREFIX + "mcp-circuit-breaker.enabled", matchIfMissing = true)
	BackendCircuitBreakerFilter mcpEdgeBackendCircuitBreakerFilter(McpEdgeProperties properties, ErrorResponder errors,
			ObjectProvider<MeterRegistry> meters) {
		return new BackendCircuitBreakerFilter(FeatureSettings.circuitBreaker(properties), errors, meters(meters));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = McpEdgeRouteFilters.SWITCH_PREFIX + "mcp-sse-idle-timeout.enabled", matchIfMissing = true)
	SseIdleTimeoutFilter mcpEdgeSseIdleTimeoutFilter(McpEdgeProperties properties) {
		return new SseIdleTimeoutFilter(properties.backend().sseIdleTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnEnabledFilter
	McpSessionGatewayFilterFactory mcpSessionGatewayFilterFactory(McpEdgeProperties properties,
			ReactiveStringRedisTemplate redis, ErrorResponder errors) {
		return new McpSessionGatewayFilterFactory(new SessionBindings(redis, FeatureSettings.sessions(properties)), errors,
				properties.sessions().enabled());
	}

	@Bean
	@ConditionalOnMissingBean
	OpenStreams mcpEdgeOpenStreams(Clock clock) {
		return new OpenStreams(clock, Schedulers.parallel());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = McpEdgeRouteFilters.SWITCH_PREFIX + "mcp-stream-end.enabled", matchIfMissing = true)
	StreamEndFilter mcpEdgeStreamEndFilter(OpenStreams streams) {
		return new StreamEndFilter(streams);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	KeyStreamRevoker mcpEdgeKeyStreamRevoker(ApiKeyVerifier verifier, ApiKeyAdministration administration,
			OpenStreams streams, Clock clock) {
		KeyStreamRevoker revoker = new KeyStreamRevoker(verifier, administration, streams, clock);
		revoker.start();
		return revoker;
	}

	/** The application's meter registry; without one (no actuator), meters go nowhere. */
	private static MeterRegistry meters(ObjectProvider<MeterRegistry> meters) {
		return meters.getIfAvailable(CompositeMeterRegistry::new);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "mcp-edge.backend", name = "test-url")
	@ConditionalOnProperty(name = McpEdgeRouteFilters.SWITCH_PREFIX + "mcp-sandbox.enabled", matchIfMissing = true)
	SandboxRoutingFilter mcpEdgeSandboxRoutingFilter(McpEdgeProperties properties) {
		return new SandboxRoutingFilter(properties.backend().testUrl());
	}

	@Bean
	@ConditionalOnMissingBean
	AuditLog mcpEdgeAuditLog(McpEdgeProperties properties, ReactiveStringRedisTemplate redis,
			ObjectProvider<JsonMapper> json) {
		return new AuditLog(redis, json.getIfAvailable(JsonMapper::new), FeatureSettings.audit(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnEnabledFilter
	McpAuditGatewayFilterFactory mcpAuditGatewayFilterFactory(AuditLog log, Clock clock,
			ObjectProvider<MeterRegistry> meters) {
		return new McpAuditGatewayFilterFactory(log, clock, meters(meters));
	}

	@Bean
	@ConditionalOnMissingBean(name = "mcpEdgeProtectedResourceMetadata")
	RouterFunction<ServerResponse> mcpEdgeProtectedResourceMetadata(McpEdgeProperties properties, EndpointUrls urls,
			ObjectProvider<JsonMapper> json) {
		return new ProtectedResourceMetadataEndpoint(FeatureSettings.protectedResource(properties), urls,
				json.getIfAvailable(JsonMapper::new)).routes();
	}

	@Bean
	@ConditionalOnMissingBean(name = "mcpEdgeProtectedResourceMetadataCors")
	WebFluxConfigurer mcpEdgeProtectedResourceMetadataCors() {
		return ProtectedResourceMetadataEndpoint.cors();
	}
}
