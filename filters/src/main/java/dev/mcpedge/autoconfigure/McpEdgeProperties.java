package dev.mcpedge.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mcpedge.auth.CredentialType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the edge, all under the {@code mcp-edge} prefix.
 *
 * @param publicUrl base URL clients use, possibly with a path prefix; {@code resource} and
 * {@code resource_metadata} are built from it, never from the {@code Host} header
 * @param resourceName human-readable name in the protected resource metadata
 * @param endpoints the MCP endpoints the edge serves and the credentials each accepts; default
 * {@code /api/mcp} for API keys and {@code /api/mcp/oauth} for OAuth access tokens
 * @param backend the MCP server behind the edge
 * @param admin the admin API
 * @param apiKeys API key format and cache
 * @param identityHeaders names of the headers that tell the backend who called
 * @param oauth trusted authorization servers
 * @param server limits of the HTTP server on client connections
 * @param sessions sessions of the 2025 protocol versions ({@code Mcp-Session-Id}) bound to their identity
 * @param shutdown what the gateway does between SIGTERM and its exit
 * @param devMode the development defaults (an embedded Redis, the demo MCP server and organization):
 * unset, they run for what is not configured, and the start fails when production settings meet the
 * embedded Redis; {@code true}, they run for what is not configured; {@code false}, never
 */
// ignoreUnknownFields = false: a misspelt setting ("backend.ulr") must stop the start, not be ignored
@ConfigurationProperties(prefix = "mcp-edge", ignoreUnknownFields = false)
public record McpEdgeProperties(
		URI publicUrl,
		@DefaultValue("mcp-edge") String resourceName,
		List<Endpoint> endpoints,
		@DefaultValue Backend backend,
		@DefaultValue Admin admin,
		@DefaultValue ApiKeys apiKeys,
		@DefaultValue IdentityHeaders identityHeaders,
		@DefaultValue OAuth oauth,
		@DefaultValue Policy policy,
		@DefaultValue Audit audit,
		@DefaultValue RateLimits rateLimits,
		@DefaultValue Server server,
		@DefaultValue Sessions sessions,
		@DefaultValue Shutdown shutdown,
		Boolean devMode) {

	public McpEdgeProperties {
		Assert.notNull(publicUrl, "mcp-edge.public-url must be set (the base URL clients use, e.g. https://api.example.com)");
		Assert.isTrue(publicUrl.isAbsolute() && publicUrl.getHost() != null,
				() -> "mcp-edge.public-url (" + publicUrl + ") must be an absolute http(s) URL");
		if (endpoints == null || endpoints.isEmpty()) {
			endpoints = List.of(new Endpoint("/api/mcp", List.of(CredentialType.API_KEY)),
					new Endpoint("/api/mcp/oauth", List.of(CredentialType.OAUTH)));
		}
		endpoints = List.copyOf(endpoints);
		Assert.isTrue(backend.testUrl() == null || apiKeys.testMode(), () -> "mcp-edge.backend.test-url ("
				+ backend.testUrl() + ") needs test mode, which is off: mcp-edge.api-keys.test-prefix is empty");
	}

	/** The first endpoint that accepts OAuth access tokens, else the first endpoint. */
	public Endpoint primaryEndpoint() {
		return endpoints.stream().filter(Endpoint::acceptsOAuth).findFirst().orElse(endpoints.get(0));
	}

	/**
	 * One MCP endpoint of the edge.
	 *
	 * @param path path clients call, e.g. {@code /api/mcp}
	 * @param credentials credential types accepted; with both, a bearer value that starts with a key
	 * prefix is an API key and anything else an OAuth access token
	 */
	public record Endpoint(String path, List<CredentialType> credentials) {
		public Endpoint {
			Assert.isTrue(path != null && path.startsWith("/"),
					() -> "mcp-edge.endpoints[].path (" + path + ") must start with '/'");
			Assert.notEmpty(credentials, () -> "mcp-edge.endpoints[].credentials of " + path + " must not be empty");
			credentials = List.copyOf(credentials);
		}

		public boolean acceptsOAuth() {
			return credentials.contains(CredentialType.OAUTH);
		}

		public boolean acceptsApiKeys() {
			return credentials.contains(CredentialType.API_KEY);
		}
	}

	/**
	 * @param url the MCP server's endpoint URL, e.g. {@code http://127.0.0.1:3001/mcp}; when unset the
	 * gateway application starts its demo MCP server
	 * @param testUrl optional sandbox MCP endpoint: every request made with a test API key goes there
	 * instead (OAuth callers choose test mode per call, so they stay on {@code url}); needs test mode
	 * (a non-empty {@code api-keys.test-prefix})
	 * @param responseTimeout longest wait for the backend's response headers (504 past it); an SSE
	 * stream is not limited by it once its headers have arrived
	 * @param connectTimeout longest wait for a connection to the backend (503 past it)
	 * @param sseIdleTimeout an SSE stream from the backend that sends nothing for this long is ended
	 * (the client reconnects), so dead streams do not hold connections forever
	 * @param circuitBreaker when the backend fails, answer 503 at once instead of piling requests on it
	 */
	public record Backend(URI url, URI testUrl, @DefaultValue("60s") Duration responseTimeout,
			@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5m") Duration sseIdleTimeout,
			@DefaultValue CircuitBreaker circuitBreaker) {
		public Backend {
			Assert.isTrue(responseTimeout.toMillis() > 0,
					() -> "mcp-edge.backend.response-timeout (" + responseTimeout + ") must be positive");
			Assert.isTrue(connectTimeout.toMillis() > 0 && connectTimeout.toMillis() <= Integer.MAX_VALUE,
					() -> "mcp-edge.backend.connect-timeout (" + connectTimeout + ") must be positive");
			Assert.isTrue(sseIdleTimeout.toMillis() > 0,
					() -> "mcp-edge.backend.sse-idle-timeout (" + sseIdleTimeout + ") must be positive");
		}
	}

	/**
	 * A circuit breaker per backend (the sandbox has its own). A call fails when the backend cannot be
	 * reached, does not answer within {@code response-timeout}, or answers 502, 503 or 504; its
	 * outcome is known when the response headers arrive, so long SSE streams are ordinary calls.
	 *
	 * @param enabled whether calls are counted and the circuit can open
	 * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
	 * @param slidingWindowSize how many of the latest calls the failure rate is computed over
	 * @param minimumNumberOfCalls calls needed in the window before the rate counts
	 * @param waitDurationInOpenState how long the circuit stays open (503 with {@code Retry-After} at
	 * once) before letting probe calls through
	 * @param permittedCallsInHalfOpenState probe calls let through; the circuit closes when they succeed
	 * well enough, and opens again otherwise
	 */
	public record CircuitBreaker(@DefaultValue("true") boolean enabled, @DefaultValue("50") float failureRateThreshold,
			@DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumNumberOfCalls,
			@DefaultValue("10s") Duration waitDurationInOpenState, @DefaultValue("3") int permittedCallsInHalfOpenState) {
		public CircuitBreaker {
			Assert.isTrue(failureRateThreshold > 0 && failureRateThreshold <= 100, () ->
					"mcp-edge.backend.circuit-breaker.failure-rate-threshold (" + failureRateThreshold + ") must be in (0, 100]");
			Assert.isTrue(slidingWindowSize >= 1 && minimumNumberOfCalls >= 1 && permittedCallsInHalfOpenState >= 1,
					"mcp-edge.backend.circuit-breaker sizes and counts must be at least 1");
			Assert.isTrue(waitDurationInOpenState.toMillis() >= 1, () -> "mcp-edge.backend.circuit-breaker."
					+ "wait-duration-in-open-state (" + waitDurationInOpenState + ") must be positive");
		}
	}

	/**
	 * Limits of the HTTP server on client connections; the idle timeout between requests is Spring
	 * Boot's {@code server.netty.idle-timeout}.
	 *
	 * @param requestReadTimeout longest time from the first byte of a request until its headers and
	 * body have arrived whole; past it the client gets 408 (or the connection is closed when part of a
	 * response was already written). Responses being sent, such as SSE streams, are not limited by it.
	 * Applies to HTTP/1.1
	 * @param maxConnections most client connections open at once on this instance; a connection
	 * beyond it is closed as soon as it is accepted
	 */
	public record Server(@DefaultValue("60s") Duration requestReadTimeout, @DefaultValue("10000") int maxConnections) {
		public Server {
			Assert.isTrue(requestReadTimeout.toMillis() > 0,
					() -> "mcp-edge.server.request-read-timeout (" + requestReadTimeout + ") must be positive");
			Assert.isTrue(maxConnections >= 1,
					() -> "mcp-edge.server.max-connections (" + maxConnections + ") must be at least 1");
		}
	}

	/**
	 * The orderly stop on SIGTERM: readiness goes down at once, then the instance serves on for
	 * {@code drainDelay}, then it stops taking connections and requests and lets those in flight
	 * finish for at most {@code gracePeriod}; SSE streams still open then are ended (the client sees
	 * the stream end and reconnects elsewhere), other requests still running are cut off, and the
	 * process exits with status 0.
	 *
	 * @param drainDelay how long the instance keeps serving normally after SIGTERM, with readiness
	 * down, so that load balancers stop sending to it before it stops accepting connections;
	 * default 0s (Kubernetes: a few seconds, as endpoint removal lags the SIGTERM)
	 * @param gracePeriod how long requests and SSE streams in flight may take to finish once the
	 * instance stops accepting; default 30s
	 */
	public record Shutdown(@DefaultValue("0s") Duration drainDelay, @DefaultValue("30s") Duration gracePeriod) {
		public Shutdown {
			Assert.isTrue(!drainDelay.isNegative(),
					() -> "mcp-edge.shutdown.drain-delay (" + drainDelay + ") must not be negative");
			Assert.isTrue(!gracePeriod.isNegative(),
					() -> "mcp-edge.shutdown.grace-period (" + gracePeriod + ") must not be negative");
		}
	}

	/**
	 * @param token bearer credential of the admin API; unset means the admin API is off (except in the
	 * development default, which generates one)
	 */
	public record Admin(String token) {
		public Admin {
			Assert.isTrue(token == null || token.isEmpty() || token.length() >= 16,
					"mcp-edge.admin.token must be at least 16 characters long");
			token = (token == null || token.isEmpty()) ? null : token;
		}
	}

	/**
	 * @param livePrefix prefix of live keys
	 * @param testPrefix prefix of test keys; one prefix may start the other, the longer one wins. Empty
	 * turns test mode off: every key is a live key, and the edge never inserts, checks or declares the
	 * test-mode argument (for a backend without test data)
	 * @param cache in-process cache of validated keys
	 * @param lastUsedInterval how often each instance writes the keys' last use times to Redis (one
	 * command for all keys), so {@code lastUsedAt} lags real use by at most this much
	 */
	public record ApiKeys(@DefaultValue("mcp_live_") String livePrefix, @DefaultValue("mcp_test_") String testPrefix,
			@DefaultValue Cache cache, @DefaultValue("1s") Duration lastUsedInterval) {
		public ApiKeys {
			Assert.hasText(livePrefix, "mcp-edge.api-keys.live-prefix must not be empty");
			testPrefix = testPrefix == null ? "" : testPrefix;
			String test = testPrefix;
			Assert.isTrue(!livePrefix.equals(testPrefix),
					() -> "mcp-edge.api-keys.live-prefix and test-prefix must differ (both are '" + test + "')");
			Assert.isTrue(lastUsedInterval.toMillis() >= 10,
					() -> "mcp-edge.api-keys.last-used-interval (" + lastUsedInterval + ") must be at least 10ms");
		}

		/** Whether test mode is on: a test prefix is configured (DESIGN §5). */
		public boolean testMode() {
			return !testPrefix.isEmpty();
		}
	}

	/**
	 * @param ttl how long a validated key is served from memory before Redis is asked again; changes
	 * made through any instance reach every cache within a second regardless (Redis pub/sub), so this
	 * only bounds staleness when such an event is lost
	 * @param staleIfError how much longer a validated key keeps working from memory while Redis cannot
	 * be reached; keys not in memory get 503 meanwhile
	 * @param negativeTtl how long an unknown secret is remembered as unknown (creating or importing a
	 * key clears this at once)
	 * @param maximumSize most secrets held in memory
	 */
	public record Cache(@DefaultValue("60s") Duration ttl, @DefaultValue("5m") Duration staleIfError,
			@DefaultValue("5s") Duration negativeTtl, @DefaultValue("100000") long maximumSize) {
		public Cache {
			Assert.isTrue(!ttl.isNegative(), () -> "mcp-edge.api-keys.cache.ttl (" + ttl + ") must not be negative");
			Assert.isTrue(!staleIfError.isNegative(),
					() -> "mcp-edge.api-keys.cache.stale-if-error (" + staleIfError + ") must not be negative");
			Assert.isTrue(!negativeTtl.isNegative(),
					() -> "mcp-edge.api-keys.cache.negative-ttl (" + negativeTtl + ") must not be negative");
			Assert.isTrue(maximumSize >= 0, () -> "mcp-edge.api-keys.cache.maximum-size (" + maximumSize + ") must be >= 0");
		}
	}

	/**
	 * Names of the headers set for the backend; inbound headers with these names are removed first.
	 *
	 * @param authMethod {@code api_key} or {@code oauth}
	 * @param principal the key id or the token's subject
	 * @param organization the organization in effect; empty when the credential names none
	 * @param scopes the scopes held, space-separated; empty when none
	 * @param access {@code full} (the organization's full access, whatever the scopes) or {@code scoped}
	 * @param mode {@code live} or {@code test}; {@code none} for an OAuth request that is not a tool call
	 * @param requestId the edge's request id
	 */
	public record IdentityHeaders(@DefaultValue("X-MCP-Edge-Auth-Method") String authMethod,
			@DefaultValue("X-MCP-Edge-Principal") String principal,
			@DefaultValue("X-MCP-Edge-Organization-Id") String organization,
			@DefaultValue("X-MCP-Edge-Scopes") String scopes,
			@DefaultValue("X-MCP-Edge-Access") String access,
			@DefaultValue("X-MCP-Edge-Mode") String mode,
			@DefaultValue("X-Request-Id") String requestId) {
	}

	/**
	 * Token buckets in Redis, shared by every instance (DESIGN §7).
	 *
	 * @param enabled whether requests are limited at all
	 * @param defaultBucket per principal (key id, or token subject); default 50/s, burst 100; a key's own
	 * {@code rateLimit} replaces it
	 * @param organization per organization, all its principals together; default 200/s, burst 400
	 * @param writeTools per principal for calls of write tools, on top of the others; default 5/s, burst 10
	 * @param organizations per-organization overrides of {@code organization}, by organization id
	 * @param failedAuth failed authentications per client address, in each instance's memory; an
	 * address past it gets 429 before any credential is looked at; default 10/s, burst 100
	 */
	public record RateLimits(@DefaultValue("true") boolean enabled, @Name("default") Bucket defaultBucket,
			Bucket organization, Bucket writeTools, Map<String, Bucket> organizations, Bucket failedAuth) {
		public RateLimits {
			failedAuth = failedAuth != null ? failedAuth : new Bucket(10, 100);
			defaultBucket = defaultBucket != null ? defaultBucket : new Bucket(50, 100);
			organization = organization != null ? organization : new Bucket(200, 400);
			writeTools = writeTools != null ? writeTools : new Bucket(5, 10);
			organizations = organizations == null ? Map.of() : Map.copyOf(organizations);
		}
	}

	/**
	 * @param replenishRate tokens added per second (may be below 1)
	 * @param burstCapacity bucket size
	 */
	public record Bucket(double replenishRate, long burstCapacity) {
		public Bucket {
			Assert.isTrue(replenishRate > 0, () -> "mcp-edge.rate-limits.*.replenish-rate (" + replenishRate + ") must be > 0");
			Assert.isTrue(burstCapacity >= 1 && burstCapacity >= replenishRate, () -> "mcp-edge.rate-limits.*.burst-capacity ("
					+ burstCapacity + ") must be >= 1 and >= replenish-rate (" + replenishRate + ")");
		}
	}

	/**
	 * One record per MCP request, to the {@code mcp-edge.audit} logger as a JSON line and optionally to
	 * a capped Redis stream readable through {@code GET /admin/audit}.
	 *
	 * @param includeArguments whether records carry the tool call's arguments (off: they can hold
	 * personal or secret data)
	 * @param redisStream also append records to the Redis stream {@code mcp-edge:audit}
	 * @param maxLength about how many records the stream keeps (older ones are trimmed)
	 */
	public record Audit(boolean includeArguments, boolean redisStream, @DefaultValue("100000") long maxLength) {
		public Audit {
			Assert.isTrue(maxLength >= 100, () -> "mcp-edge.audit.max-length (" + maxLength + ") must be at least 100");
		}
	}

	/**
	 * What the edge enforces on every MCP message (DESIGN §5).
	 *
	 * @param readTools tool names or glob patterns ({@code *}, {@code ?}) that only read; they win over
	 * the backend's own {@code readOnlyHint}
	 * @param writeTools tool names or glob patterns that write; a tool in both lists is a write tool,
	 * and a tool known neither way is a write tool
	 * @param toolScopes the scopes a tool needs, by tool name or glob pattern (write patterns in
	 * brackets: {@code tool-scopes."[refunds_*]"}); exact names win over patterns, patterns apply in order
	 * @param unmappedToolsAllowed whether an identity restricted to scopes may call a tool with no entry
	 * in {@code tool-scopes}; default no (closed)
	 * @param testModeArgument the tool argument that selects test data
	 * @param maxBodySize largest POST body read; larger ones get 413
	 * @param allowedOrigins values of {@code Origin} accepted; a request with any other {@code Origin}
	 * gets 403 (requests without {@code Origin}, such as non-browser clients, are not affected)
	 * @param trustReadOnlyHints whether a backend's {@code readOnlyHint: true} makes a tool the operator
	 * did not classify a read tool for calls to that backend, as long as that backend never described
	 * the tool otherwise; default yes. Learned hints are kept per backend and only ever move a tool
	 * from read to write; with {@code false}, only {@code read-tools} makes a tool a read tool
	 * @param maxToolListSize largest {@code tools/list} answer (JSON) or SSE event the edge reads to
	 * filter it; a larger one is replaced by a JSON-RPC error, never passed on unfiltered
	 */
	public record Policy(List<String> readTools, List<String> writeTools, Map<String, List<String>> toolScopes,
			boolean unmappedToolsAllowed, @DefaultValue("api_test_mode") String testModeArgument,
			@DefaultValue("1MB") DataSize maxBodySize, List<String> allowedOrigins,
			@DefaultValue("true") boolean trustReadOnlyHints, @DefaultValue("8MB") DataSize maxToolListSize) {
		public Policy {
			readTools = readTools == null ? List.of() : List.copyOf(readTools);
			writeTools = writeTools == null ? List.of() : List.copyOf(writeTools);
			toolScopes = toolScopes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(toolScopes));
			allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
			Assert.isTrue(testModeArgument.matches("[A-Za-z0-9_.:-]{1,64}"), () -> "mcp-edge.policy.test-mode-argument ("
					+ testModeArgument + ") must be 1 to 64 letters, digits, '_', '.', ':' or '-'");
			Assert.isTrue(maxBodySize.toBytes() >= 1024 && maxBodySize.toBytes() <= Integer.MAX_VALUE / 2,
					() -> "mcp-edge.policy.max-body-size (" + maxBodySize + ") must be between 1KB and 1GB");
			Assert.notNull(maxToolListSize, "mcp-edge.policy.max-tool-list-size must be set");
			Assert.isTrue(maxToolListSize.toBytes() >= 1024 && maxToolListSize.toBytes() <= Integer.MAX_VALUE / 2,
					() -> "mcp-edge.policy.max-tool-list-size (" + maxToolListSize + ") must be between 1KB and 1GB");
		}
	}

	/**
	 * @param issuers trusted authorization servers; their JWKS is found through their metadata
	 * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
	 * @param scopesSupported scopes advertised in the protected resource metadata ({@code offline_access}
	 * is never advertised: the resource has no use for refresh tokens)
	 * @param cacheMaximumSize most validated tokens remembered (each until shortly before its {@code exp})
	 * @param jwksRefreshCooldown shortest time between two fetches of an issuer's JWKS made because a
	 * token names a key id ({@code kid}) the cached key set lacks; default 30s, between 1s and 10
	 * minutes. Within the cooldown such tokens are refused (401) without a fetch; concurrent lookups
	 * share one fetch; a key id still missing after a fetch is refused without one for ten cooldowns
	 * (at most 1,000 remembered per issuer). A key the issuer newly publishes is picked up by the first
	 * token naming it once the cooldown since the last fetch has passed.
	 */
	public record OAuth(List<Issuer> issuers, @DefaultValue("30s") Duration clockSkew, List<String> scopesSupported,
			@DefaultValue("10000") long cacheMaximumSize, @DefaultValue("30s") Duration jwksRefreshCooldown) {
		public OAuth {
			issuers = issuers == null ? List.of() : List.copyOf(issuers);
			scopesSupported = scopesSupported == null ? List.of()
					: scopesSupported.stream().filter(s -> !"offline_access".equals(s)).toList();
			Assert.isTrue(!clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0,
					() -> "mcp-edge.oauth.clock-skew (" + clockSkew + ") must be between 0 and 5 minutes");
			Assert.isTrue(jwksRefreshCooldown.compareTo(Duration.ofSeconds(1)) >= 0
					&& jwksRefreshCooldown.compareTo(Duration.ofMinutes(10)) <= 0,
					() -> "mcp-edge.oauth.jwks-refresh-cooldown (" + jwksRefreshCooldown + ") must be between 1s and 10 minutes");
		}
	}

	/**
	 * @param issuerUri the authorization server's issuer identifier, exactly as in its tokens' {@code iss}
	 * @param audience the audience tokens must carry; default the resource URL of the endpoint called
	 * (RFC 8707), so a token for another resource is refused
	 * @param principalClaim claim naming the caller; default {@code sub}
	 * @param organizationClaim claim holding the caller's organization, e.g. Clerk's {@code org_id}
	 * @param organizationsClaim claim listing further organizations the caller may act for through
	 * {@code X-Organization-Id}
	 * @param scopesClaim claim holding the scopes; default {@code scope}, then {@code scp} (space-separated
	 * string or list)
	 * @param unrestricted whether this issuer's users have the full access of their organization, whatever
	 * their scopes
	 * @param tokenType the {@code typ} header every access token of this issuer must carry, e.g.
	 * {@code at+jwt} (RFC 9068; {@code application/at+jwt} is accepted as the same); a token with another
	 * or no {@code typ} is refused (401). Default: not checked
	 * @param wildcardScopes whether scopes in this issuer's tokens may be wildcards as API key scopes are
	 * ({@code *} grants every tool, {@code payments:*} every {@code payments:...} scope). Default false:
	 * such a scope is a literal string that grants only a tool requiring exactly it
	 */
	public record Issuer(URI issuerUri, String audience, @DefaultValue("sub") String principalClaim,
			String organizationClaim, String organizationsClaim, String scopesClaim, boolean unrestricted,
			String tokenType, boolean wildcardScopes) {
		public Issuer {
			Assert.notNull(issuerUri, "mcp-edge.oauth.issuers[].issuer-uri must be set in every issuer entry");
			Assert.isTrue(tokenType == null || tokenType.matches("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}(/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63})?"),
					() -> "mcp-edge.oauth.issuers[].token-type (" + tokenType + ") of " + issuerUri
							+ " must be a media type such as at+jwt");
		}
	}

	/**
	 * Sessions of the 2025 protocol versions: each {@code Mcp-Session-Id} is bound to the identity that
	 * opened it, in Redis, and refused (404) to any other.
	 *
	 * @param enabled whether sessions are bound to their identity; default true
	 * @param ttl how long an unused session's owner is remembered; every use refreshes it; default 24h.
	 * A session the edge no longer knows is answered 404, and the client starts a new one
	 * @param cacheTtl how long an instance trusts an owner it read from Redis before reading it again;
	 * default 10s
	 */
	public record Sessions(@DefaultValue("true") boolean enabled, @DefaultValue("24h") Duration ttl,
			@DefaultValue("10s") Duration cacheTtl) {
		public Sessions {
			Assert.isTrue(ttl.compareTo(Duration.ofMinutes(1)) >= 0,
					() -> "mcp-edge.sessions.ttl (" + ttl + ") must be at least 1 minute");
			Assert.isTrue(!cacheTtl.isNegative() && cacheTtl.compareTo(ttl) < 0,
					() -> "mcp-edge.sessions.cache-ttl (" + cacheTtl + ") must be between 0 and ttl (" + ttl + ")");
		}
	}
}
