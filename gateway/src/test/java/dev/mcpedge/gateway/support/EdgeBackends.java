package dev.mcpedge.gateway.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Gives the application context of an {@link EdgeIntegrationTest} its own {@link TestBackend} (bean
 * {@code backend}, and {@code sandbox} when asked for) and, when asked for, a trusted {@link TestIssuer}
 * (bean {@code issuer}), all stopped when that context closes; and points {@code mcp-edge.backend.url}
 * (and {@code test-url}), {@code mcp-edge.oauth.issuers[0]} and {@code spring.data.redis.url} at them
 * and at {@link TestRedis}.
 * <p>
 * This runs before the context refreshes, not as a {@code DynamicPropertyRegistrar} bean: the
 * gateway's conditions (the development defaults, the sandbox route) read these settings while
 * configuration classes are parsed, before any bean exists. The settings rank below the test's own
 * {@code properties} and {@code @DynamicPropertySource}, which can still override them.
 */
public class EdgeBackends implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		EdgeIntegrationTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass, EdgeIntegrationTest.class);
		return test == null ? null : new Customizer(test.sandbox(), test.issuer());
	}

	/** Equal for equal settings, so that test classes with the same settings share a context. */
	record Customizer(boolean sandbox, boolean issuer) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Map<String, Object> settings = new LinkedHashMap<>();
			settings.put("spring.data.redis.url", TestRedis.url());
			settings.put("mcp-edge.backend.url", register(context, "backend").mcpUrl());
			if (sandbox) {
				settings.put("mcp-edge.backend.test-url", register(context, "sandbox").url("/sandbox/mcp"));
			}
			if (issuer) {
				TestIssuer trusted = new TestIssuer();
				register(context, "issuer", trusted, trusted::close);
				settings.put("mcp-edge.oauth.issuers[0].issuer-uri", trusted.id());
				settings.put("mcp-edge.oauth.issuers[0].organization-claim", "org_id");
			}
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			MapPropertySource backends = new MapPropertySource("Test Backends", settings);
			if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
				sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, backends);
			}
			else {
				sources.addLast(backends);
			}
		}

		private static TestBackend register(ConfigurableApplicationContext context, String name) {
			TestBackend backend = new TestBackend();
			register(context, name, backend, backend::stop);
			return backend;
		}

		private static void register(ConfigurableApplicationContext context, String name, Object server,
				DisposableBean stop) {
			DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
			beans.registerSingleton(name, server);
			beans.registerDisposableBean(name, stop);
		}
	}
}
