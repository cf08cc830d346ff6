package dev.mcpedge.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mcpedge.auth.CredentialType;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class McpEdgePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Enable.class);

	@Test
	void bindWhenOnlyPublicUrlThenDefaultsForEndpointsPrefixesAndHeaders() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com/v1").run(context -> {
			McpEdgeProperties properties = context.getBean(McpEdgeProperties.class);
			assertThat(properties.publicUrl()).isEqualTo(URI.create("https://api.example.com/v1"));
			assertThat(properties.endpoints()).containsExactly(
					new EndpointProperties("/api/mcp", List.of(CredentialType.API_KEY)),
					new EndpointProperties("/api/mcp/oauth", List.of(CredentialType.OAUTH)));
			assertThat(properties.apiKeys().livePrefix()).isEqualTo("mcp_live_");
			assertThat(properties.apiKeys().testPrefix()).isEqualTo("mcp_test_");
			assertThat(properties.identityHeaders().principal()).isEqualTo("X-MCP-Edge-Principal");
			assertThat(properties.admin().token()).isNull();
		});
	}

	@Test
	void toStringWhenAdminTokenSetThenTheTokenNeverShows() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.admin.token=admin-secret-0123456789")
			.run(context -> assertThat(context.getBean(McpEdgeProperties.class).toString())
				.contains("AdminProperties[token=<hidden>]")
				.doesNotContain("admin-secret-0123456789"));
	}

	@Test
	void bindWhenNoRateLimitSettingsThenEveryBucketHasItsDefaults() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com").run(context -> {
			RateLimitsProperties limits = context.getBean(McpEdgeProperties.class).rateLimits();
			assertThat(limits.enabled()).isTrue();
			assertThat(limits.defaultBucket()).isEqualTo(new RateLimitsProperties.DefaultBucket(50, 100));
			assertThat(limits.organization()).isEqualTo(new RateLimitsProperties.OrganizationBucket(200, 400));
			assertThat(limits.writeTools()).isEqualTo(new RateLimitsProperties.WriteToolsBucket(5, 10));
			assertThat(limits.failedAuth()).isEqualTo(new RateLimitsProperties.FailedAuthBucket(10, 100));
			assertThat(limits.organizations()).isEmpty();
		});
	}

	@Test
	void bindWhenBucketOutOfRangeThenStartFailsNamingTheSetting() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com",
				"mcp-edge.rate-limits.write-tools.replenish-rate=20", "mcp-edge.rate-limits.write-tools.burst-capacity=10")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("mcp-edge.rate-limits.*.burst-capacity (10) must be >= 1 and >= replenish-rate (20.0)"));
	}

	@Test
	void bindWhenTestPrefixEmptyThenTestModeOff() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com/v1", "mcp-edge.api-keys.live-prefix=cf_ak_",
				"mcp-edge.api-keys.test-prefix=")
			.run(context -> {
				ApiKeysProperties keys = context.getBean(McpEdgeProperties.class).apiKeys();
				assertThat(keys.livePrefix()).isEqualTo("cf_ak_");
				assertThat(keys.testPrefix()).isEmpty();
				assertThat(keys.testMode()).isFalse();
			});
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com")
			.run(context -> assertThat(context.getBean(McpEdgeProperties.class).apiKeys().testMode()).isTrue());
	}

	@Test
	void bindWhenSandboxWithoutTestPrefixThenStartFailsNamingBothSettings() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.api-keys.test-prefix=",
				"mcp-edge.backend.test-url=http://127.0.0.1:3002/mcp")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("mcp-edge.backend.test-url (http://127.0.0.1:3002/mcp) needs test mode")
				.hasStackTraceContaining("mcp-edge.api-keys.test-prefix is empty"));
	}

	@Test
	void bindWhenLivePrefixEmptyOrPrefixesEqualThenStartFailsNamingTheSetting() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.api-keys.live-prefix=")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("mcp-edge.api-keys.live-prefix must not be empty"));
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.api-keys.live-prefix=k_",
				"mcp-edge.api-keys.test-prefix=k_")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("live-prefix and test-prefix must differ (both are 'k_')"));
	}

	@Test
	void bindWhenEndpointAcceptsBothThenKebabCaseCredentialTypesBind() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.endpoints[0].path=/mcp",
				"mcp-edge.endpoints[0].credentials=api-key,oauth")
			.run(context -> assertThat(context.getBean(McpEdgeProperties.class).endpoints()).containsExactly(
					new EndpointProperties("/mcp", List.of(CredentialType.API_KEY, CredentialType.OAUTH))));
	}

	@Test
	void bindWhenEndpointUnderAPathTheGatewayServesItselfThenStartFailsNamingIt() {
		for (String path : List.of("/admin/keys", "/dashboard", "/.well-known/oauth-protected-resource", "/oauth2/token",
				"/actuator/health")) {
			runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.endpoints[0].path=" + path,
					"mcp-edge.endpoints[0].credentials=api-key")
				.run(context -> assertThat(context).hasFailed()
					.getFailure()
					.hasStackTraceContaining("mcp-edge.endpoints[].path (" + path + ") must not be under /admin"));
		}
		for (String pattern : List.of("/**", "/{*rest}", "/api/*", "/mcp?")) {
			runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.endpoints[0].path=" + pattern,
					"mcp-edge.endpoints[0].credentials=api-key")
				.run(context -> assertThat(context).hasFailed()
					.getFailure()
					.hasStackTraceContaining("mcp-edge.endpoints[].path (" + pattern + ") must be a plain path, not a pattern"));
		}
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.endpoints[0].path=/administration/mcp",
				"mcp-edge.endpoints[0].credentials=api-key")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void bindWhenSettingMisspeltThenStartFailsNamingIt() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.backend.ulr=http://x/mcp")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("mcp-edge.backend.ulr"));
	}

	@Test
	void bindWhenPublicUrlMissingOrRelativeThenStartFailsNamingIt() {
		runner.run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("mcp-edge.public-url"));
		runner.withPropertyValues("mcp-edge.public-url=/relative")
			.run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("mcp-edge.public-url"));
	}

	@Test
	void bindWhenIssuerWithoutUriOrShortAdminTokenThenStartFailsNamingTheSetting() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.oauth.issuers[0].audience=x")
			.run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("issuer-uri"));
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.admin.token=short")
			.run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("mcp-edge.admin.token"));
	}

	@Test
	void bindWhenServerSettingsUnsetThenSixtySecondsAndTenThousandConnections() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com").run(context -> {
			EdgeServerProperties server = context.getBean(McpEdgeProperties.class).server();
			assertThat(server.requestReadTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(server.maxConnections()).isEqualTo(10000);
		});
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.server.request-read-timeout=5s",
				"mcp-edge.server.max-connections=20")
			.run(context -> assertThat(context.getBean(McpEdgeProperties.class).server())
				.isEqualTo(new EdgeServerProperties(Duration.ofSeconds(5), 20)));
	}

	@Test
	void bindWhenServerSettingsOutOfRangeThenStartFailsNamingTheSettingAndValue() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.server.request-read-timeout=0s")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("mcp-edge.server.request-read-timeout (PT0S) must be positive"));
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.server.max-connections=0")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("mcp-edge.server.max-connections (0) must be at least 1"));
	}

	@Test
	void bindWhenOAuthHardeningSettingsThenDefaultsAreSafeAndBadValuesNamed() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com",
				"mcp-edge.oauth.issuers[0].issuer-uri=https://idp.example.com").run(context -> {
			OAuthProperties oauth = context.getBean(McpEdgeProperties.class).oauth();
			assertThat(oauth.jwksRefreshCooldown()).hasSeconds(30);
			assertThat(oauth.issuers().get(0).tokenType()).isNull();
			assertThat(oauth.issuers().get(0).wildcardScopes()).isFalse();
		});
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.oauth.jwks-refresh-cooldown=0s")
			.run(context -> assertThat(context).hasFailed().getFailure()
				.hasStackTraceContaining("mcp-edge.oauth.jwks-refresh-cooldown (PT0S) must be between 1s and 10 minutes"));
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com",
				"mcp-edge.oauth.issuers[0].issuer-uri=https://idp.example.com", "mcp-edge.oauth.issuers[0].token-type=at jwt")
			.run(context -> assertThat(context).hasFailed().getFailure()
				.hasStackTraceContaining("mcp-edge.oauth.issuers[].token-type (at jwt) of https://idp.example.com must be a media type"));
	}

	@Test
	void bindWhenRateLimitLeaseSettingsThenDefaultsAndBadValuesNamed() {
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com").run(context -> {
			RateLimitsProperties limits = context.getBean(McpEdgeProperties.class).rateLimits();
			assertThat(limits.leaseFraction()).isEqualTo(0.1);
			assertThat(limits.outageAfter()).hasSeconds(2);
		});
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.rate-limits.lease-fraction=0.6")
			.run(context -> assertThat(context).hasFailed().getFailure()
				.hasStackTraceContaining("mcp-edge.rate-limits.lease-fraction (0.6) must be between 0 and 0.5"));
		runner.withPropertyValues("mcp-edge.public-url=https://api.example.com", "mcp-edge.rate-limits.outage-after=0s")
			.run(context -> assertThat(context).hasFailed().getFailure()
				.hasStackTraceContaining("mcp-edge.rate-limits.outage-after (PT0S) must be positive"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(McpEdgeProperties.class)
	static class Enable {
	}
}
