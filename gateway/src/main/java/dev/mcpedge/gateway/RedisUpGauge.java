package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code mcp.edge.redis.up} (Prometheus: {@code mcp_edge_redis_up}): 1 while Redis answered
 * this instance's last PING, 0 since one failed or took longer than a second.
 * <p>
 * Why a check of its own: the gateway's other signals of a Redis outage (the rate limiter's fallback,
 * 503s for keys not in memory) appear only with traffic, and only with some of it. One PING every two
 * seconds, on the connection the gateway already holds, keeps this gauge current on an idle instance,
 * so that an alert tells a Redis the gateway cannot reach (down, network policy, wrong password) from a
 * quiet night. It runs in the server only, not in the key command line.
 */
@Component
class RedisUpGauge implements MeterBinder, SmartLifecycle {

	static final Duration INTERVAL = Duration.ofSeconds(2);

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final ReactiveStringRedisTemplate redis;

	private final AtomicInteger up = new AtomicInteger();

	private volatile Disposable checks;

	RedisUpGauge(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("mcp.edge.redis.up", up, AtomicInteger::get)
			.description("1 while Redis answers this instance's PING (every 2 s), 0 while it does not")
			.register(registry);
	}

	@Override
	public void start() {
		// a PING still running when the next is due is not doubled: that tick is dropped
		checks = Flux.interval(Duration.ZERO, INTERVAL).onBackpressureDrop().concatMap(tick -> ping(), 0).subscribe(up::set);
	}

	private Mono<Integer> ping() {
		return redis.execute(connection -> connection.ping())
			.next()
			.timeout(TIMEOUT)
			.map(pong -> 1)
			.defaultIfEmpty(0)
			.onErrorReturn(0);
	}

	@Override
	public void stop() {
		Disposable running = checks;
		if (running != null) {
			running.dispose();
			checks = null;
		}
	}

	@Override
	public boolean isRunning() {
		return checks != null;
	}
}
