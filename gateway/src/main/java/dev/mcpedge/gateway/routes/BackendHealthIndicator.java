package dev.mcpedge.gateway.routes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/** Readiness of the MCP backend: whether a connection to it opens within the connect timeout. */
final class BackendHealthIndicator implements ReactiveHealthIndicator {

	private final URI backend;

	private final Duration timeout;

	BackendHealthIndicator(URI backend, Duration timeout) {
		this.backend = backend;
		this.timeout = timeout;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromCallable(() -> {
			int port = backend.getPort() > 0 ? backend.getPort() : ("https".equals(backend.getScheme()) ? 443 : 80);
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(backend.getHost(), port), (int) timeout.toMillis());
				return Health.up().build();
			}
			catch (IOException ex) {
				return Health.down().withDetail("reason", "cannot connect to the MCP backend").build();
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}
}
