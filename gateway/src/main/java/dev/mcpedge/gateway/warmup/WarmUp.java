package dev.mcpedge.gateway.warmup;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;

import dev.mcpedge.autoconfigure.WarmUpProperties;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyFormat;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.ApiKeyVerifier;
import dev.mcpedge.keys.KeyStatus;
import dev.mcpedge.keys.RateLimit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Runs the warm-up before the instance reports ready: Spring Boot reports readiness only after every
 * {@link ApplicationRunner} has returned, and this one returns when the warm-up is over.
 * <p>
 * Meanwhile the instance sends MCP requests to its own server port ({@link WarmUpTraffic}) on a route
 * of their own ({@link WarmUpRoute}, {@link WarmUpConfiguration}). They authenticate with keys that live in
 * this instance's memory only ({@link ApiKeyVerifier#admitTransient}), each in an organization of its
 * own with a per-key rate limit of a million per second (its organization's and the write-tool
 * buckets are as configured, in Redis, under {@code mcp-edge-warm-up-*} organization ids), and they reach
 * {@link WarmUpBackend}, never the backend. Their audit records, request metrics and HTTP server
 * observations are not kept (the counters of shared parts, rate-limit decisions and key cache gets,
 * do count them).
 */
public final class WarmUp implements ApplicationRunner, AutoCloseable {

	private static final Log logger = LogFactory.getLog(WarmUp.class);

	/** Keys, and so organizations, the requests take in turn (each organization's bucket is as configured). */
	private static final int KEYS = 64;

	private final WarmUpProperties properties;

	private final ApiKeyVerifier verifier;

	private final Clock clock;

	private final ApplicationContext context;

	private final Environment environment;

	private final WarmUpRoute route;

	private final WarmUpBackend backend;

	/** Names the warm-up's keys and organizations apart from those of other instances. */
	private final String id;

	WarmUp(WarmUpProperties properties, ApiKeyVerifier verifier, Clock clock, ApplicationContext context,
			Environment environment, WarmUpRoute route, WarmUpBackend backend) {
		this.properties = properties;
		this.verifier = verifier;
		this.clock = clock;
		this.context = context;
		this.environment = environment;
		this.route = route;
		this.backend = backend;
		byte[] random = new byte[4];
		new SecureRandom().nextBytes(random);
		this.id = HexFormat.of().formatHex(random);
	}

	@Override
	public void run(ApplicationArguments args) {
		if (environment.getProperty("server.ssl.enabled", Boolean.class, false)
				|| environment.containsProperty("server.ssl.bundle")
				|| environment.containsProperty("server.ssl.key-store")) {
			logger.warn("No warm-up (mcp-edge.warm-up.duration): it needs the server port to speak plain HTTP, "
					+ "and server.ssl is set");
			close();
			return;
		}
		Duration duration = properties.duration();
		logger.info("Warming up for " + duration.toSeconds() + " s on " + properties.connections()
				+ " connections before reporting ready (mcp-edge.warm-up.duration)");
		long started = System.nanoTime();
		List<String> secrets = new ArrayList<>(KEYS);
		Disposable.Composite keys = Disposables.composite();
		try {
			ApiKeyFormat format = verifier.format();
			Mode mode = format.testMode() ? Mode.TEST : Mode.LIVE;
			for (int i = 0; i < KEYS; i++) {
				String secret = format.generate(mode);
				secrets.add(secret);
				keys.add(verifier.admitTransient(secret, key(i, mode, format.redact(secret))));
			}
			WarmUpTraffic.Outcome outcome = new WarmUpTraffic()
				.run(target(), secrets, properties.connections(), duration)
				.block(duration.plusSeconds(30));
			report(outcome, (System.nanoTime() - started) / 1e9);
		}
		catch (RuntimeException ex) {
			// the instance serves all the same, only colder: a warm-up never stops the start
			logger.warn("Warm-up did not finish, the instance starts cold: " + ex);
		}
		finally {
			keys.dispose();
			close();
		}
	}

	private ApiKeyRecord key(int i, Mode mode, String redacted) {
		return new ApiKeyRecord("warm-up-" + id + "-" + i, "warm-up", "mcp-edge-warm-up-" + id + "-" + i, List.of(),
				List.of(), mode, KeyStatus.ACTIVE, redacted, null, null, clock.instant(),
				new RateLimit(1_000_000, 1_000_000), Map.of());
	}

	private String target() {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		InetAddress bound = boundAddress(environment);
		String host = bound == null ? "127.0.0.1" : bound.getHostAddress();
		return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + route.path();
	}

	/** {@code server.address}, unless unset or all of the host's addresses. */
	static @Nullable InetAddress boundAddress(Environment environment) {
		String value = environment.getProperty("server.address");
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			InetAddress address = InetAddress.getByName(value.trim());
			return address.isAnyLocalAddress() ? null : address;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("server.address (" + value + ") is not an address of this host", ex);
		}
	}

	private static void report(WarmUpTraffic.Outcome outcome, double seconds) {
		long total = outcome.statuses().values().stream().mapToLong(Long::longValue).sum();
		String summary = String.format("%,d requests in %.1f s, answered %s", total, seconds, outcome.statuses())
				+ (outcome.firstRefusal() != null ? "; the first answer other than 200: " + outcome.firstRefusal() : "");
		if (outcome.failure() != null) {
			logger.warn("Warm-up ended early, the instance starts cold: " + summary + "; a request failed: "
					+ outcome.failure());
		}
		else if (outcome.answered(200) == 0) {
			logger.warn("Warm-up got no answer 200, the instance starts cold: " + summary);
		}
		else {
			logger.info("Warm-up done: " + summary);
		}
	}

	/** Ends the warm-up's route and stops its backend. */
	@Override
	public void close() {
		route.close();
		backend.close();
	}
}
