package dev.mcpedge.loadtests.baregateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway with its default settings and a single route, {@code POST /mcp} to the
 * backend ({@code application.yml}): what mcp-edge costs on top of the gateway it is built on.
 */
@SpringBootApplication
public class BareGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareGatewayApplication.class, args);
	}
}
