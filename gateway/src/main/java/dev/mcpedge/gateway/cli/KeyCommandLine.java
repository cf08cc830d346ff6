package dev.mcpedge.gateway.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.errors.EdgeErrorException;
import dev.mcpedge.gateway.admin.KeyRequests;
import dev.mcpedge.gateway.dev.RedisSettings;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ImportedApiKey;
import dev.mcpedge.keys.KeyRequestException;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar mcp-edge-gateway.jar keys <command> ...}: the admin API's key operations on the
 * gateway's Redis, without a running gateway. Prints JSON on standard output; messages on standard
 * error. Exit codes: 0 done, 1 refused (invalid, unknown, conflict), 2 usage, 3 Redis unreachable.
 */
public final class KeyCommandLine {

	static final String USAGE = """
			usage: java -jar mcp-edge-gateway.jar keys <command> [options] [--spring.data.redis.url=redis://...]

			  create --organization-id ORG [--mode test|live] [--name NAME] [--scopes a,b] [--organizations x,y]
			         [--expires-at 2027-01-01T00:00:00Z]          prints the record and the secret (shown once)
			  list   --organization-id ORG                         keys whose default organization is ORG
			  get    ID
			  revoke ID
			  roll   ID [--grace-period PT1H]                      prints the new secret; the old one works for the grace period
			  import --organization-id ORG (--key - | --key-sha256 HEX) [--mode test|live] [--id ID] [--name NAME]
			         [--scopes a,b] [--organizations x,y] [--expires-at ...]   --key - reads the secret from standard input

			Redis comes from spring.data.redis.url (environment: SPRING_DATA_REDIS_URL), or a Sentinel or Cluster
			(spring.data.redis.sentinel.*, spring.data.redis.cluster.nodes), or config/application.yml.
			""";

	private KeyCommandLine() {
	}

	/** Runs one command; returns the exit code. */
	public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
		List<String> springArgs = new ArrayList<>();
		List<String> positional = new ArrayList<>();
		Map<String, String> options = new LinkedHashMap<>();
		try {
			parse(args, springArgs, positional, options);
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.print(USAGE);
			return 2;
		}
		if (positional.isEmpty()) {
			err.print(USAGE);
			return 2;
		}
		// no web server: as an argument, because application.yml's spring.main.web-application-type
		// (reactive, for the gateway) would override the builder's setting
		springArgs.add("--spring.main.web-application-type=none");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KeyToolConfiguration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=off")
			.run(springArgs.toArray(String[]::new))) {
			if (!RedisSettings.given(context.getEnvironment())) {
				err.println("set spring.data.redis.url (environment: SPRING_DATA_REDIS_URL), or the Sentinel or Cluster nodes "
						+ "(spring.data.redis.sentinel.*, spring.data.redis.cluster.nodes): the command line works on the gateway's Redis");
				return 2;
			}
			Command command = new Command(context.getBean(ApiKeyAdministration.class), context.getBean(KeyRequests.class),
					context.getBean(JsonMapper.class), options, in);
			Object result = command.execute(positional);
			out.println(context.getBean(JsonMapper.class).writerWithDefaultPrettyPrinter().writeValueAsString(result));
			return 0;
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.print(USAGE);
			return 2;
		}
		catch (KeyRequestException ex) {
			err.println(ex.getMessage());
			return 1;
		}
		catch (EdgeErrorException ex) {
			String description = ex.error().description();
			err.println(description != null ? description : ex.getMessage());
			return 1;
		}
		catch (RuntimeException ex) {
			err.println("Redis could not be reached or failed: " + rootMessage(ex));
			return 3;
		}
	}

	private static void parse(String[] args, List<String> springArgs, List<String> positional,
			Map<String, String> options) {
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				positional.add(arg);
				continue;
			}
			String name = arg.substring(2);
			String value = null;
			int equals = name.indexOf('=');
			if (equals >= 0) {
				value = name.substring(equals + 1);
				name = name.substring(0, equals);
			}
			if (name.contains(".")) {
				springArgs.add(value != null ? arg : arg + "=" + (i + 1 < args.length ? args[++i] : ""));
				continue;
			}
			if (value == null) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("--" + name + " needs a value");
				}
				value = args[++i];
			}
			options.put(name, value);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage() != null ? root.getMessage() : root.toString();
	}

	/** One parsed command against the key service. */
	private record Command(ApiKeyAdministration keys, KeyRequests requests, JsonMapper json, Map<String, String> options,
			InputStream in) {

		private static final Duration TIMEOUT = Duration.ofSeconds(10);

		Object execute(List<String> positional) {
			String name = positional.get(0);
			List<String> rest = positional.subList(1, positional.size());
			switch (name) {
				case "create":
					expect(rest, 0, "organization-id", "mode", "name", "scopes", "organizations", "expires-at");
					return requests.issued(keys.create(new NewApiKey(options.get("name"), required("organization-id"),
							list("organizations"), list("scopes"), mode(), instant("expires-at"), null, null)).block(TIMEOUT));
				case "list":
					expect(rest, 0, "organization-id");
					return Map.of("data", keys.list(required("organization-id")).collectList().block(TIMEOUT));
				case "get":
					expect(rest, 1);
					return keys.find(rest.get(0)).block(TIMEOUT);
				case "revoke":
					expect(rest, 1);
					return keys.revoke(rest.get(0)).block(TIMEOUT);
				case "roll":
					expect(rest, 1, "grace-period");
					return requests.issued(keys.roll(rest.get(0), duration("grace-period")).block(TIMEOUT));
				case "import":
					expect(rest, 0, "organization-id", "mode", "name", "scopes", "organizations", "expires-at", "id", "key",
							"key-sha256");
					return keys.importKey(new ImportedApiKey(options.get("id"), options.get("name"),
							required("organization-id"), list("organizations"), list("scopes"), mode(), instant("expires-at"),
							null, null, secret(), options.get("key-sha256"))).block(TIMEOUT);
				default:
					throw new IllegalArgumentException("unknown command: " + name);
			}
		}

		private void expect(List<String> arguments, int count, String... allowed) {
			if (arguments.size() != count) {
				throw new IllegalArgumentException(count == 0 ? "unexpected argument " + arguments : "expected a key id");
			}
			List<String> known = Arrays.asList(allowed);
			for (String option : options.keySet()) {
				if (!known.contains(option)) {
					throw new IllegalArgumentException("unknown option --" + option);
				}
			}
		}

		private String required(String option) {
			String value = options.get(option);
			if (value == null || value.isBlank()) {
				throw new IllegalArgumentException("--" + option + " is required");
			}
			return value;
		}

		private List<String> list(String option) {
			String value = options.get(option);
			return value == null ? null : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
		}

		private Mode mode() {
			String value = options.get("mode");
			if (value == null) {
				return null;
			}
			return switch (value) {
				case "test" -> Mode.TEST;
				case "live" -> Mode.LIVE;
				default -> throw new IllegalArgumentException("--mode must be test or live (got " + value + ")");
			};
		}

		private Instant instant(String option) {
			String value = options.get(option);
			try {
				return value == null ? null : Instant.parse(value);
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("--" + option + " must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
			}
		}

		private Duration duration(String option) {
			String value = options.get(option);
			try {
				return value == null ? Duration.ZERO : Duration.parse(value);
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("--" + option + " must be an ISO-8601 duration such as PT1H");
			}
		}

		/** The secret to import: {@code --key -} reads it from standard input, keeping it out of shell history. */
		private String secret() {
			String value = options.get("key");
			if (!"-".equals(value)) {
				return value;
			}
			try {
				String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
				return line == null ? null : line.trim();
			}
			catch (IOException ex) {
				throw new IllegalArgumentException("could not read the key from standard input: " + ex.getMessage());
			}
		}
	}
}
