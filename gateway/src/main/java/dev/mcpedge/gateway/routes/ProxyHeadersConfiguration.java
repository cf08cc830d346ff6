package dev.mcpedge.gateway.routes;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link ProxyHeaders} in place of Spring Cloud Gateway's filters that remove the hop-by-hop, the
 * {@code Forwarded} and the {@code X-Forwarded-*} headers: each of those copies every header of every
 * request, which cost about 4 % of the gateway's CPU time per request. Those beans have no switch, so
 * their definitions are replaced before any bean is made. Only when all three are there: with
 * {@code trusted-proxies} set, Spring Cloud Gateway adds forwarded headers instead of removing them,
 * and then its filters stay as they are.
 * <p>
 * The hop-by-hop headers are Spring Cloud Gateway's list unless the operator gives one in its setting
 * {@code spring.cloud.gateway.server.webflux.filter.remove-hop-by-hop.headers}, which replaces the list
 * (for requests and responses alike; HTTP/1.1's own hop-by-hop headers, {@link #ALWAYS}, stay in it), bound once at start to Spring Cloud Gateway's own settings class
 * as its filter would be. Its {@code order} is not: the identity headers must come after.
 */
@Configuration(proxyBeanMethods = false)
class ProxyHeadersConfiguration {

	/** Spring Cloud Gateway's bean names of the filters that {@link ProxyHeaders} replaces. */
	static final List<String> REPLACED = List.of("removeHopByHopHeadersFilter", "removeForwardedHeadersFilter",
			"removeXForwardedHeadersFilter");

	/**
	 * HTTP/1.1's hop-by-hop headers and the proxy credentials, removed whatever the operator's list
	 * says: a list that names one more header must not let a client's {@code Proxy-Authorization}
	 * through, nor a {@code Connection} that would make a proxy behind the edge drop identity headers.
	 */
	static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
			"proxy-authorization", "proxy-authenticate");

	/** Spring Cloud Gateway's settings of its hop-by-hop filter. */
	static final String HOP_BY_HOP_SETTINGS = "spring.cloud.gateway.server.webflux.filter.remove-hop-by-hop";

	@Bean
	static BeanDefinitionRegistryPostProcessor proxyHeadersInsteadOfGatewayFilters(Environment environment) {
		return new BeanDefinitionRegistryPostProcessor() {

			@Override
			public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
				if (!REPLACED.stream().allMatch(registry::containsBeanDefinition)) {
					return;
				}
				Set<String> hopByHop = new HashSet<>(Binder.get(environment)
					.bindOrCreate(HOP_BY_HOP_SETTINGS, RemoveHopByHopHeadersFilter.class)
					.getHeaders());
				hopByHop.addAll(ALWAYS);
				REPLACED.forEach(registry::removeBeanDefinition);
				registry.registerBeanDefinition("proxyRequestHeaders",
						new RootBeanDefinition(ProxyHeaders.class, () -> ProxyHeaders.request(hopByHop)));
				registry.registerBeanDefinition("proxyResponseHeaders",
						new RootBeanDefinition(ProxyHeaders.class, () -> ProxyHeaders.response(hopByHop)));
			}

			@Override
			public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			}
		};
	}
}
