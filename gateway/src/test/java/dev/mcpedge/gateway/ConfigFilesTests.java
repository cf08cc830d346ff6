package dev.mcpedge.gateway;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mcpedge.auth.CredentialType;
import dev.mcpedge.autoconfigure.ApiKeysProperties;
import dev.mcpedge.autoconfigure.CircuitBreakerProperties;
import dev.mcpedge.autoconfigure.EdgeServerProperties;
import dev.mcpedge.autoconfigure.EndpointProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.RateLimitsProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration files shipped in {@code config/} bind, with no setting misspelt. */
class ConfigFilesTests {

	@EnableConfigurationProperties(McpEdgeProperties.class)
	static class Settings {
	}

	private static ApplicationContextRunner withFile(String path) throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(path,
				new FileSystemResource(Path.of("..", path)));
		return new ApplicationContextRunner().withUserConfiguration(Settings.class)
			.withInitializer(context -> sources.forEach(s -> context.getEnvironment().getPropertySources().addFirst(s)));
	}

	@Test
	void singleEndpointExampleWhenBoundThenOneEndpointForBothCredentialsAndTheIssuer() throws IOException {
		withFile("config/examples/single-endpoint.yml").run(context -> {
			assertThat(context).hasNotFailed();
			McpEdgeProperties properties = context.getBean(McpEdgeProperties.class);
			assertThat(properties.endpoints()).containsExactly(
					new EndpointProperties("/mcp", List.of(CredentialType.API_KEY, CredentialType.OAUTH)));
			assertThat(properties.oauth().issuers()).singleElement()
				.satisfies(issuer -> {
					assertThat(issuer.issuerUri()).isEqualTo(URI.create("https://clerk.example.com"));
					assertThat(issuer.organizationClaim()).isEqualTo("org_id");
				});
			assertThat(properties.oauth().scopesSupported()).containsExactly("payments:read", "refunds:write");
		});
	}

	@Test
	void singleEndpointExampleWhenBoundThenTestModeOnWithTheDefaultPrefixes() throws IOException {
		withFile("config/examples/single-endpoint.yml").run(context -> {
			ApiKeysProperties keys = context.getBean(McpEdgeProperties.class).apiKeys();
			assertThat(keys.livePrefix()).isEqualTo("mcp_live_");
			assertThat(keys.testPrefix()).isEqualTo("mcp_test_");
			assertThat(keys.testMode()).isTrue();
		});
	}

	@Test
	void noTestModeExampleWhenBoundThenOnePrefixTestModeOffAndOneEndpointUnderV1() throws IOException {
		withFile("config/examples/no-test-mode.yml").run(context -> {
			assertThat(context).hasNotFailed();
			McpEdgeProperties properties = context.getBean(McpEdgeProperties.class);
			assertThat(properties.publicUrl()).isEqualTo(URI.create("https://api.example.com/v1"));
			assertThat(properties.endpoints()).containsExactly(
					new EndpointProperties("/mcp", List.of(CredentialType.API_KEY, CredentialType.OAUTH)));
			assertThat(properties.apiKeys().livePrefix()).isEqualTo("cf_ak_");
			assertThat(properties.apiKeys().testPrefix()).isEmpty();
			assertThat(properties.apiKeys().testMode()).isFalse();
			assertThat(properties.backend().testUrl()).isNull();
			assertThat(properties.oauth().issuers()).singleElement()
				.satisfies(issuer -> assertThat(issuer.issuerUri()).isEqualTo(URI.create("https://auth.example.com")));
		});
	}

	@Test
	void operatorConfigurationWhenEveryExampleUncommentedThenAllNamesBind() throws IOException {
		String uncommented = uncommentedSettings(Files.readString(Path.of("..", "config", "application.yml")));
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("uncommented",
				new ByteArrayResource(uncommented.getBytes(StandardCharsets.UTF_8)));
		new ApplicationContextRunner().withUserConfiguration(Settings.class)
			.withInitializer(context -> sources.forEach(s -> context.getEnvironment().getPropertySources().addFirst(s)))
			.run(context -> {
				assertThat(context).hasNotFailed();
				McpEdgeProperties properties = context.getBean(McpEdgeProperties.class);
				assertThat(properties.backend().url()).isEqualTo(URI.create("http://127.0.0.1:3001/mcp"));
				assertThat(properties.apiKeys().cache().staleIfError()).hasMinutes(5);
				assertThat(properties.oauth().issuers()).singleElement()
					.satisfies(issuer -> assertThat(issuer.organizationsClaim()).isEqualTo("orgs"));
				assertThat(properties.policy().toolScopes()).containsOnlyKeys("get_balance", "list_*", "create_refund", "cancel_*");
				assertThat(properties.backend().testUrl()).isEqualTo(URI.create("http://127.0.0.1:3002/mcp"));
				assertThat(properties.backend().responseTimeout()).hasSeconds(60);
				assertThat(properties.backend().sseIdleTimeout()).hasMinutes(5);
				assertThat(properties.backend().circuitBreaker())
					.isEqualTo(new CircuitBreakerProperties(true, 50, 20, 10, Duration.ofSeconds(10), 3));
				assertThat(properties.rateLimits().defaultBucket()).isEqualTo(new RateLimitsProperties.DefaultBucket(50, 100));
				assertThat(properties.rateLimits().organizations()).containsKey("org_big_partner");
				assertThat(properties.rateLimits().leaseFraction()).isEqualTo(0.1);
				assertThat(properties.rateLimits().outageAfter()).hasSeconds(2);
				assertThat(properties.audit().redisStream()).isTrue();
				assertThat(properties.server()).isEqualTo(new EdgeServerProperties(Duration.ofSeconds(60), 10000));
				assertThat(properties.dashboard().configured()).isTrue();
				assertThat(properties.dashboard().scopes()).containsExactly("openid", "profile");
				assertThat(properties.dashboard().operatorClaim()).isEqualTo("role=operator");
				assertThat(Binder.get(context.getEnvironment()).bind("server.forward-headers-strategy", String.class).get())
					.isEqualTo("native");
				assertThat(Binder.get(context.getEnvironment()).bind("server.netty.idle-timeout", Duration.class).get())
					.hasSeconds(75);
			});
	}

	/** The settings part of the file (from "# server:" on) with one level of "# " removed from each line. */
	private static String uncommentedSettings(String file) {
		StringBuilder yaml = new StringBuilder();
		boolean settings = false;
		for (String line : file.split("\n")) {
			settings |= line.startsWith("# server:");
			if (settings) {
				yaml.append(line.startsWith("# ") ? line.substring(2) : line.startsWith("#") ? line.substring(1) : line)
					.append('\n');
			}
		}
		return yaml.toString();
	}

	@Test
	void operatorConfigurationAsShippedThenChangesNothing() throws IOException {
		withFile("config/application.yml").withPropertyValues("mcp-edge.public-url=http://localhost:8080").run(context -> {
			assertThat(context).hasNotFailed();
			McpEdgeProperties properties = context.getBean(McpEdgeProperties.class);
			assertThat(properties.backend().url()).isNull();
			assertThat(properties.endpoints()).extracting(EndpointProperties::path).containsExactly("/api/mcp", "/api/mcp/oauth");
		});
	}
}
