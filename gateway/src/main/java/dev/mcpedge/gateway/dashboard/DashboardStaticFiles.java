package dev.mcpedge.gateway.dashboard;

import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Serves the dashboard's static files (the copy buttons' script and the style sheet) from {@code classpath:/dashboard/static/}
 * at {@value #PATH}: inside the dashboard's paths, so behind its sign-in and with its
 * Content-Security-Policy, whose {@code script-src 'self'} allows them. Nothing is served from Spring
 * Boot's default {@code classpath:/static/} location for this.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DashboardEnabled.class)
class DashboardStaticFiles implements WebFluxConfigurer {

	static final String PATH = "/dashboard/static/**";

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(PATH).addResourceLocations("classpath:/dashboard/static/");
	}
}
