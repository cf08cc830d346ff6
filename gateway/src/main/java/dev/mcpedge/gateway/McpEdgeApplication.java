package dev.mcpedge.gateway;

import java.util.Arrays;

import dev.mcpedge.gateway.cli.KeyCommandLine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The mcp-edge gateway: default routes, admin API and development defaults on top of the filters
 * library. {@code keys ...} as first argument runs the key command line instead. SIGTERM stops it in
 * order and with status 0 ({@link ExitOnSigterm}).
 */
@SpringBootApplication
public class McpEdgeApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("keys")) {
			System.exit(KeyCommandLine.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
		}
		ExitOnSigterm.install();
		SpringApplication.run(McpEdgeApplication.class, args);
	}
}
