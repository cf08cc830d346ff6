package dev.mcpedge.gateway.dev.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mcpedge.gateway.dev.DevelopmentMode;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes the gateway trust the development identity provider before its settings are read: in
 * development mode with no {@code mcp-edge.oauth.issuers} configured, picks a free loopback port and
 * adds {@code mcp-edge.oauth.issuers[0]} for {@code http://127.0.0.1:<port>} (organization in
 * {@code org_id}), which {@link DevelopmentIdentityProviderDefaults} then starts the provider on.
 * Called from a bean factory post-processor, once every setting is in the environment (configuration
 * files, and what tests add to the context before it refreshes) and before any bean binds them.
 * <p>
 * Development mode here is {@code mcp-edge.dev-mode=true}, or {@code mcp-edge.dev-mode} unset and no
 * Redis connection configured (DESIGN §8: a Redis setting turns every development default off).
 * Without a scope mapping ({@code mcp-edge.policy.tool-scopes}) the provider's users have the full
 * access of their organization, as the demo keys do. Unless {@code mcp-edge.oauth.scopes-supported}
 * is set, the scopes of the mapping (or {@value #DEFAULT_SCOPE} without one) are advertised, so that
 * clients ask for them and the user has something to approve on the consent page.
 */
final class DevelopmentIssuer {

	/** The name of the property source this adds; its presence means the provider is to start. */
	static final String PROPERTY_SOURCE = "mcp-edge-development-identity-provider";

	static final String ISSUER = "mcp-edge.oauth.issuers[0].issuer-uri";

	static final String SCOPES_SUPPORTED = "mcp-edge.oauth.scopes-supported";

	/** The scope offered when no tool is mapped to one: the user approves the client's access as a whole. */
	static final String DEFAULT_SCOPE = "mcp:tools";

	private static final Bindable<Map<String, List<String>>> TOOL_SCOPES = Bindable.of(ResolvableType
		.forClassWithGenerics(Map.class, ResolvableType.forClass(String.class), ResolvableType.forClassWithGenerics(List.class, String.class)));

	private DevelopmentIssuer() {
	}

	/** Adds the provider as {@code mcp-edge.oauth.issuers[0]}, with a free loopback port. */
	static void trust(ConfigurableEnvironment environment) {
		Binder binder = Binder.get(environment);
		Set<String> toolScopes = new LinkedHashSet<>();
		binder.bind("mcp-edge.policy.tool-scopes", TOOL_SCOPES).ifBound(map -> map.values().forEach(toolScopes::addAll));
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put(ISSUER, "http://127.0.0.1:" + freeLoopbackPort());
		settings.put("mcp-edge.oauth.issuers[0].organization-claim", "org_id");
		settings.put("mcp-edge.oauth.issuers[0].unrestricted", String.valueOf(toolScopes.isEmpty()));
		if (!binder.bind(SCOPES_SUPPORTED, Bindable.listOf(String.class)).isBound()) {
			// clients ask for the advertised scopes; with none, the consent page would have nothing to approve
			settings.put(SCOPES_SUPPORTED, toolScopes.isEmpty() ? DEFAULT_SCOPE : String.join(",", toolScopes));
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, settings));
	}

	/** Development mode and no issuer configured. */
	static boolean wanted(Environment environment) {
		Binder binder = Binder.get(environment);
		if (binder.bind(ISSUER, String.class).isBound()) {
			return false;
		}
		return DevelopmentMode.of(environment);
	}

	/** The issuer the gateway was told to trust, when this added it. */
	static URI issuer(ConfigurableEnvironment environment) {
		return URI.create((String) environment.getPropertySources().get(PROPERTY_SOURCE).getProperty(ISSUER));
	}

	private static int freeLoopbackPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free loopback port for the development identity provider", ex);
		}
	}
}
