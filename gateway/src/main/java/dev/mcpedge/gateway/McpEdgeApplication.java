package dev.mcpedge.gateway;

import java.util.Arrays;

import dev.mcpedge.gateway.cli.KeyCommandLine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.cloud.gateway.config.GatewayNoLoadBalancerClientAutoConfiguration;

/**
 * The mcp-edge gateway: default routes, admin API and development defaults on top of the filters
 * library. {@code keys ...} as first argument runs the key command line instead. SIGTERM stops it in
 * order and with status 0 ({@link ExitOnSigterm}).
 * <p>
 * Reactive on Netty, always: Tomcat, Spring MVC and Spring Boot's security auto-configurations are on
 * the class path for the development identity provider's own servlet context only, so
 * {@code spring.main.web-application-type} is set to {@code reactive} (application.yml) and those of
 * them that would act in a reactive application are excluded here: Tomcat would replace Netty, and
 * Boot's WebFlux security would put HTTP Basic with a generated password in front of every route (the
 * edge authenticates requests itself).
 * <p>
 * Without Spring Cloud Gateway's stand-in load-balancer filter: the edge's routes go to URLs, never to
 * {@code lb://} services, and that filter (which has no switch) would only add a step to every request.
 */
@SpringBootApplication(exclude = { GatewayNoLoadBalancerClientAutoConfiguration.class,
		TomcatReactiveWebServerAutoConfiguration.class,
		TomcatServletWebServerAutoConfiguration.class, TomcatReactiveManagementContextAutoConfiguration.class,
		TomcatServletManagementContextAutoConfiguration.class, TomcatMetricsAutoConfiguration.class,
		SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
		ReactiveUserDetailsServiceAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class,
		ReactiveManagementWebSecurityAutoConfiguration.class })
public class McpEdgeApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("keys")) {
			System.exit(KeyCommandLine.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
		}
		ExitOnSigterm.install();
		SpringApplication.run(McpEdgeApplication.class, args);
	}
}
