package dev.mcpedge.gateway;

import java.time.Duration;

import reactor.netty.ReactorNetty;
import reactor.netty.resources.LoopResources;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Event loops and connection pools of this application only. Reactor Netty's global resources
 * are disposed by whichever application context stops first, which would stop the event loops of
 * every other context in the same JVM (tests, or the gateway embedded beside other applications).
 * The server and the client to the backend share the same event loops, so a request is forwarded
 * on the thread that received it, without a hop between thread pools. They are disposed without a
 * quiet period: by then the server and the backend client have stopped.
 * <p>
 * One event loop per core: Reactor Netty's default is at least four, more threads than cores on a
 * small machine, which only adds context switches (about a tenth less CPU per request with two
 * loops than with four on two cores). Reactor Netty's own {@value ReactorNetty#IO_WORKER_COUNT}
 * system property still sets another count.
 */
@Configuration(proxyBeanMethods = false)
class NettyResources {

	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		// disposed once the server has stopped and every lifecycle with it: nothing submits work any more,
		// and the default quiet period (2 s) would only delay the exit after a graceful shutdown
		factory.setShutdownQuietPeriod(Duration.ZERO);
		factory.setLoopResourcesSupplier(() -> LoopResources.create("mcp-edge-http", eventLoops(), true));
		return factory;
	}

	/** The event loops of the server and the backend client: one per core unless set otherwise. */
	static int eventLoops() {
		return Integer.getInteger(ReactorNetty.IO_WORKER_COUNT, Runtime.getRuntime().availableProcessors());
	}

	@Bean
	HttpClientCustomizer backendClientOnServerEventLoops(ReactorResourceFactory resources) {
		return client -> client.runOn(resources.getLoopResources());
	}
}
