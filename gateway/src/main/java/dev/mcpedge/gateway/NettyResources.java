package dev.mcpedge.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Event loops and connection pools of this application only. Reactor Netty's global resources
 * are disposed by whichever application context stops first, which would stop the event loops of
 * every other context in the same JVM (tests, or the gateway embedded beside other applications).
 */
@Configuration(proxyBeanMethods = false)
class NettyResources {

	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		return factory;
	}
}
