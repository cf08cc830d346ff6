package dev.mcpedge.gateway.routes;

import java.util.List;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link ProxyHeaders} in place of Spring Cloud Gateway's filters that remove the hop-by-hop, the
 * {@code Forwarded} and the {@code X-Forwarded-*} headers: each of those copies every header of every
 * request, which cost about 4 % of the gateway's CPU time per request. Those beans have no switch, so
 * their definitions are replaced before any bean is made. Only when all three are there: with
 * {@code trusted-proxies} set, Spring Cloud Gateway adds forwarded headers instead of removing them,
 * and then its filters stay as they are.
 */
@Configuration(proxyBeanMethods = false)
class ProxyHeadersConfiguration {

	/** Spring Cloud Gateway's bean names of the filters that {@link ProxyHeaders} replaces. */
	static final List<String> REPLACED = List.of("removeHopByHopHeadersFilter", "removeForwardedHeadersFilter",
			"removeXForwardedHeadersFilter");

	@Bean
	static BeanDefinitionRegistryPostProcessor proxyHeadersInsteadOfGatewayFilters() {
		return new BeanDefinitionRegistryPostProcessor() {

			@Override
			public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
				if (!REPLACED.stream().allMatch(registry::containsBeanDefinition)) {
					return;
				}
				REPLACED.forEach(registry::removeBeanDefinition);
				registry.registerBeanDefinition("proxyRequestHeaders",
						new RootBeanDefinition(ProxyHeaders.class, ProxyHeaders::request));
				registry.registerBeanDefinition("proxyResponseHeaders",
						new RootBeanDefinition(ProxyHeaders.class, ProxyHeaders::response));
			}

			@Override
			public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			}
		};
	}
}
