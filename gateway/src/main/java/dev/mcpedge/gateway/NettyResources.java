package dev.mcpedge.gateway;

import java.time.Duration;

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
		return factory;
	}

	@Bean
	HttpClientCustomizer backendClientOnServerEventLoops(ReactorResourceFactory resources) {
		return client -> client.runOn(resources.getLoopResources());
	}
}
