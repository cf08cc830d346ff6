package dev.mcpedge.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The mcp-edge gateway: default routes, admin API and development defaults on top of the filters library. */
@SpringBootApplication
public class McpEdgeApplication {

	public static void main(String[] args) {
		SpringApplication.run(McpEdgeApplication.class, args);
	}
}
