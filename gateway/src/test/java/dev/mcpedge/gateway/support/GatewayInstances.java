package dev.mcpedge.gateway.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.mcpedge.gateway.McpEdgeApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Gateway instances started as the real application ({@code new SpringApplicationBuilder(...).run(args)})
 * for tests of several instances on one Redis. Every instance gets the settings held here: a random port,
 * {@code https://mcp.example.com} as public URL, the admin token, the test JVM's redis-server unless a
 * Redis URL, Cluster or Sentinel nodes are set, and a {@link TestBackend} owned here unless
 * {@code mcp-edge.backend.url} is set, and a {@link TestIssuer} owned here as {@code mcp-edge.oauth.issuers[0]}
 * unless one is set. {@link #bare()} instances get nothing but the arguments given
 * (for tests of how the application starts on its own). {@link #close()} stops the instances, then the
 * backend and the issuer.
 */
public final class GatewayInstances implements AutoCloseable {

	private static final String BACKEND_URL = "mcp-edge.backend.url";

	private static final String ISSUER = "mcp-edge.oauth.issuers[0].issuer-uri";

	private static final List<String> REDIS = List.of("spring.data.redis.url", "spring.data.redis.cluster.nodes",
			"spring.data.redis.sentinel.nodes");

	private final String adminToken;

	private final boolean defaults;

	private final Map<String, String> settings = new LinkedHashMap<>();

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	private TestBackend backend;

	private TestIssuer issuer;

	public GatewayInstances(String adminToken) {
		this(adminToken, true);
		settings.put("server.port", "0");
		settings.put("mcp-edge.public-url", "https://mcp.example.com");
		settings.put("mcp-edge.admin.token", adminToken);
	}

	private GatewayInstances(String adminToken, boolean defaults) {
		this.adminToken = adminToken;
		this.defaults = defaults;
	}

	/** Instances started with exactly the arguments given; the backend is still owned here. */
	public static GatewayInstances bare() {
		return new GatewayInstances(null, false);
	}

	/** Sets {@code name} for every instance started from now on; {@code null} removes it. */
	public GatewayInstances set(String name, String value) {
		if (value == null) {
			settings.remove(name);
		}
		else {
			settings.put(name, value);
		}
		return this;
	}

	/** The issuer the instances trust unless they are given one, started on first use. */
	public synchronized TestIssuer issuer() {
		if (issuer == null) {
			issuer = new TestIssuer();
		}
		return issuer;
	}

	/** The backend the instances share, started on first use, answering an empty result to every POST. */
	public synchronized TestBackend backend() {
		if (backend == null) {
			backend = new TestBackend().answersEmptyResult();
		}
		return backend;
	}

	/**
	 * Starts an instance with the settings held here and {@code more} ({@code --name=value}), which
	 * replace a setting of the same name.
	 */
	public ConfigurableApplicationContext start(String... more) {
		return start(new SpringApplicationBuilder(McpEdgeApplication.class), more);
	}

	/** Starts an instance as {@link #start(String...)} does, on this environment (its property sources). */
	public ConfigurableApplicationContext start(ConfigurableEnvironment environment, String... more) {
		return start(new SpringApplicationBuilder(McpEdgeApplication.class).environment(environment), more);
	}

	/**
	 * Starts an instance as {@link #start(String...)} does, from {@code application} (an application of
	 * {@code McpEdgeApplication} with listeners of its own, say).
	 */
	public ConfigurableApplicationContext start(SpringApplicationBuilder application, String... more) {
		Map<String, String> all = new LinkedHashMap<>(settings);
		for (String argument : more) {
			all.remove(argument.substring(2, argument.indexOf('=')));
		}
		List<String> given = Stream.concat(all.keySet().stream(),
				Stream.of(more).map(argument -> argument.substring(2, argument.indexOf('=')))).toList();
		if (defaults && REDIS.stream().noneMatch(given::contains)) {
			all.put(REDIS.get(0), TestRedis.url());
		}
		if (defaults && !given.contains(BACKEND_URL)) {
			all.put(BACKEND_URL, backend().mcpUrl());
		}
		if (defaults && !given.contains(ISSUER)) {
			// the default endpoints include /api/mcp/oauth, which needs a trusted issuer to start
			all.put(ISSUER, issuer().id());
			all.put("mcp-edge.oauth.issuers[0].organization-claim", "org_id");
		}
		String[] args = Stream.concat(all.entrySet().stream().map(s -> "--" + s.getKey() + "=" + s.getValue()),
				Stream.of(more)).toArray(String[]::new);
		ConfigurableApplicationContext instance = application.run(args);
		synchronized (started) {
			started.add(instance);
		}
		return instance;
	}

	/** The port an instance listens on. */
	public static int port(ConfigurableApplicationContext instance) {
		return ((WebServerApplicationContext) instance).getWebServer().getPort();
	}

	/** {@code http://127.0.0.1:<port>} of an instance. */
	public static String url(ConfigurableApplicationContext instance) {
		return "http://127.0.0.1:" + port(instance);
	}

	/** A client of an instance (10 s for an answer: failover tests wait on Redis), for any path. */
	public static WebTestClient client(ConfigurableApplicationContext instance) {
		return WebTestClient.bindToServer().baseUrl(url(instance)).responseTimeout(Duration.ofSeconds(10)).build();
	}

	/** The admin API of an instance. */
	public AdminClient admin(ConfigurableApplicationContext instance) {
		return AdminClient.of(port(instance), adminToken);
	}

	/** An MCP client of an instance's {@code /api/mcp}, without credentials. */
	public static McpClient mcp(ConfigurableApplicationContext instance) {
		return McpClient.of(port(instance));
	}

	/** Stops every instance started here (last first), then the backend. */
	@Override
	public void close() {
		synchronized (started) {
			for (int i = started.size() - 1; i >= 0; i--) {
				started.get(i).close();
			}
			started.clear();
		}
		if (backend != null) {
			backend.stop();
		}
		if (issuer != null) {
			issuer.close();
		}
	}
}
