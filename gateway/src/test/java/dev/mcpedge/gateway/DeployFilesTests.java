package dev.mcpedge.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.support.DeployFiles;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.gateway.support.PromQlMetricNames;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.mcpedge.gateway.support.DeployFiles.at;
import static dev.mcpedge.gateway.support.DeployFiles.list;
import static dev.mcpedge.gateway.support.DeployFiles.map;
import static dev.mcpedge.gateway.support.DeployFiles.maps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files a platform team deploys with ({@code deploy/}: the Dockerfile, the Kubernetes manifests,
 * the Prometheus alert rules and the Grafana dashboard) held against one real gateway, started the
 * way the Deployment starts it: with the Deployment's environment variables (Secret references
 * resolved from the example Secret), the ConfigMap's {@code application.yml}, and the container ports
 * moved to free loopback ports. Only Redis and the backend are replaced (a real redis-server and a
 * WireMock backend). After some traffic (allowed, refused, rate limited) the probes, ports, Secret,
 * settings and metrics the files name must all be what the running gateway has.
 */
class DeployFilesTests {

	private static final String CONTAINER = "mcp-edge";

	private static final Pattern COMMENTED_SECRET_KEY = Pattern.compile("^\\s*#\\s*key: (\\S+)\\s*$", Pattern.MULTILINE);

	/** Bare: the gateway gets its settings from the deployment's own environment. */
	private static final GatewayInstances gateways = GatewayInstances.bare();

	/** Container port of the Deployment → the loopback port the test instance uses for it. */
	private static final Map<Integer, Integer> ports = new HashMap<>();

	private static final Set<String> propertyNames = configurationPropertyNames();

	private static ConfigurableApplicationContext gateway;

	private static String adminToken;

	private static int keyCreated;

	private static List<Integer> mcpStatuses = new ArrayList<>();

	private static String scrape;

	/** Where the test instance reads the ConfigMap's application.yml from. */
	private static Path configMapFile;

	@BeforeAll
	static void startAsTheDeploymentDoesAndSendTraffic() throws IOException {
		containerPorts().values().forEach(port -> ports.put(port, Ports.free()));
		Map<String, String> environment = deploymentEnvironment();
		adminToken = environment.get("MCP_EDGE_ADMIN_TOKEN");
		assertThat(environment).containsEntry("MCP_EDGE_WARM_UP_DURATION", "30s");
		environment.put("MCP_EDGE_WARM_UP_DURATION", "2s"); // the Deployment's warm-up, shorter
		StandardEnvironment startEnvironment = new StandardEnvironment();
		startEnvironment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("deployment-systemEnvironment", new HashMap<>(environment)));
		configMapFile = writeConfigMapFile();
		gateway = gateways.start(startEnvironment,
				"--spring.config.additional-location=file:" + configMapFile.toAbsolutePath(),
				"--spring.data.redis.url=" + TestRedis.url(), "--mcp-edge.backend.url=" + gateways.backend().mcpUrl());
		sendTraffic();
		scrape = get(containerPort("management"), "/actuator/prometheus").expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	/** A key of its own with a bucket of one: allowed once, then refused without a key, then rate limited. */
	private static void sendTraffic() {
		WebTestClient http = client(containerPort("http"));
		EntityExchangeResult<Map> created = http.post().uri("/admin/keys").header("Authorization", "Bearer " + adminToken)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organizationId", "org_deploy", "mode", "test",
					"rateLimit", Map.of("replenishRate", 1, "burstCapacity", 1)))
			.exchange().expectBody(Map.class).returnResult();
		keyCreated = created.getStatus().value();
		String key = keyCreated == 201 ? (String) created.getResponseBody().get("key") : "none";
		mcpStatuses.add(mcpCall(http, key));
		mcpStatuses.add(mcpCall(http, null));
		for (int i = 0; i < 5 && !mcpStatuses.contains(429); i++) {
			mcpStatuses.add(mcpCall(http, key));
		}
	}

	private static int mcpCall(WebTestClient http, String key) {
		WebTestClient.RequestBodySpec request = http.post().uri("/api/mcp");
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return request.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
			.exchange().returnResult(Void.class).getStatus().value();
	}

	@Test
	void everyFileWhenParsedThenYamlAndJsonAndEveryManifestInTheKustomization() throws IOException {
		Set<String> manifests = new TreeSet<>();
		try (Stream<Path> files = Files.list(DeployFiles.KUBERNETES)) {
			files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
				.filter(name -> !name.equals("kustomization.yaml")).forEach(manifests::add);
		}
		assertThat(list(DeployFiles.kustomization().get("resources"))).containsExactlyInAnyOrderElementsOf(manifests);
		assertThat(DeployFiles.kubernetesResources()).allSatisfy(resource -> {
			assertThat(resource).containsKeys("apiVersion", "kind");
			assertThat(map(resource.get("metadata"))).containsKey("name");
		});
		assertThat(alertRules()).isNotEmpty().allSatisfy(rule -> {
			assertThat(rule).containsKeys("alert", "expr");
			assertThat(map(rule.get("labels"))).containsKey("severity");
			assertThat(map(rule.get("annotations"))).containsKeys("summary", "description");
		});
		assertThat(dashboard().get("panels")).asInstanceOf(InstanceOfAssertFactories.LIST).isNotEmpty();
	}

	@Test
	void probesWhenAskedOnTheirNamedPortsThenUp() {
		Map<String, Object> container = container();
		assertThat(map(at(container, "livenessProbe", "httpGet")).get("path")).isEqualTo("/actuator/health/liveness");
		assertThat(map(at(container, "readinessProbe", "httpGet")).get("path")).isEqualTo("/actuator/health/readiness");
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			Map<String, Object> httpGet = map(at(container, probe, "httpGet"));
			get(containerPort((String) httpGet.get("port")), (String) httpGet.get("path")).expectStatus().isOk()
				.expectBody().jsonPath("$.status").isEqualTo("UP");
		}
	}

	@Test
	void portsWhenUsedThenMcpOnTheServicePortAndHealthAndMetricsOnlyOnTheScrapedPort() {
		Map<String, Object> servicePort = maps(at(DeployFiles.resource("Service"), "spec", "ports")).get(0);
		int http = containerPort((String) servicePort.get("targetPort"));
		assertThat(mcpCall(client(http), null)).as("MCP endpoint behind the Service").isEqualTo(401);
		get(http, "/actuator/health").expectStatus().isNotFound();

		Map<String, Object> annotations = map(at(DeployFiles.resource("Deployment"), "spec", "template", "metadata", "annotations"));
		assertThat(annotations).containsEntry("prometheus.io/scrape", "true");
		int scraped = Integer.parseInt((String) annotations.get("prometheus.io/port"));
		assertThat(scraped).isEqualTo(containerPorts().get("management"));
		get(ports.get(scraped), (String) annotations.get("prometheus.io/path")).expectStatus().isOk()
			.expectBody(String.class).value(body -> assertThat(body).contains("mcp_edge_requests_seconds_count"));
	}

	@Test
	void configMapWhenMountedThenItsPublicUrlIsTheResourceClientsSee() {
		Map<String, Object> settings = DeployFiles.yamlDocuments(configMapFile).get(0);
		String publicUrl = (String) at(settings, "mcp-edge", "public-url");
		get(containerPort("http"), "/.well-known/oauth-protected-resource/api/mcp").expectStatus().isOk()
			.expectBody().jsonPath("$.resource").isEqualTo(publicUrl + "/api/mcp");
	}

	@Test
	void trafficWhenSentWithTheSecretsAdminTokenThenAllowedRefusedAndRateLimitedAndTheBackendSawOnlyTheAllowed() {
		assertThat(keyCreated).as("admin API with the example Secret's token").isEqualTo(201);
		assertThat(mcpStatuses.get(0)).isEqualTo(200);
		assertThat(mcpStatuses.get(1)).isEqualTo(401);
		assertThat(mcpStatuses).contains(429);
		int allowed = (int) mcpStatuses.stream().filter(status -> status == 200).count();
		gateways.backend().verify(allowed, postRequestedFor(urlEqualTo("/mcp")));
	}

	@Test
	void environmentVariablesWhenLookedUpThenEachNamesAConfigurationProperty() {
		Set<String> names = new TreeSet<>(envNames());
		names.addAll(DeployFiles.commentedEnvNames(DeployFiles.KUBERNETES.resolve("deployment.yaml")));
		assertThat(names).contains("MCP_EDGE_ADMIN_TOKEN", "SPRING_DATA_REDIS_URL", "SPRING_DATA_REDIS_CLUSTER_NODES")
			.allSatisfy(name -> assertThat(isConfigurationProperty(name)).as(name + " binds to a property").isTrue());
	}

	@Test
	void shutdownSettingsWhenDeployedThenWithinTheTerminationGracePeriod() {
		Map<String, String> environment = deploymentEnvironment();
		Duration drain = DurationStyle.detectAndParse(environment.get("MCP_EDGE_SHUTDOWN_DRAIN_DELAY"));
		Duration grace = DurationStyle.detectAndParse(environment.get("MCP_EDGE_SHUTDOWN_GRACE_PERIOD"));
		Duration termination = Duration.ofSeconds(((Number) at(DeployFiles.resource("Deployment"), "spec", "template", "spec",
				"terminationGracePeriodSeconds")).longValue());
		assertThat(drain.plus(grace)).isLessThan(termination);
		assertThat(isConfigurationProperty("MCP_EDGE_SHUTDOWN_GRACE_PERIOD")).isTrue();
		assertThat(isConfigurationProperty("MCP_EDGE_SHUTDOWN_DRAIN_DELAY")).isTrue();
	}

	@Test
	void secretReferencesWhenResolvedThenTheExampleSecretHasEveryKey() {
		Map<String, Object> secret = DeployFiles.resource("Secret");
		Set<String> keys = map(secret.get("stringData")).keySet();
		List<String> referenced = new ArrayList<>();
		for (Map<String, Object> variable : maps(container().get("env"))) {
			if (variable.get("valueFrom") != null) {
				Map<String, Object> reference = map(at(variable, "valueFrom", "secretKeyRef"));
				assertThat(reference.get("name")).isEqualTo(at(secret, "metadata", "name"));
				referenced.add((String) reference.get("key"));
			}
		}
		Matcher commented = COMMENTED_SECRET_KEY.matcher(DeployFiles.read(DeployFiles.KUBERNETES.resolve("deployment.yaml")));
		while (commented.find()) {
			referenced.add(commented.group(1));
		}
		assertThat(referenced).contains("admin-token", "redis-url", "redis-password");
		assertThat(keys).containsAll(referenced);
	}

	@Test
	void metricsWhenTheDashboardAndTheAlertsReadThemThenTheGatewayExposesEach() {
		Set<String> exposed = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				exposed.add(line.split("[{ ]", 2)[0]);
			}
		}
		Set<String> used = new TreeSet<>();
		alertRules().forEach(rule -> used.addAll(PromQlMetricNames.of((String) rule.get("expr"))));
		dashboardExpressions().forEach(expression -> used.addAll(PromQlMetricNames.of(expression)));
		Matcher labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)").matcher(DeployFiles.read(dashboardFile()));
		while (labelValues.find()) {
			used.add(labelValues.group(1));
		}
		assertThat(used).contains("mcp_edge_redis_up", "mcp_edge_rate_limit_fallback", "resilience4j_circuitbreaker_state",
				"mcp_edge_requests_seconds_bucket");
		assertThat(exposed).containsAll(used);
	}

	@Test
	void redisUpWhenRedisAnswersThenOne() {
		assertThat(scrape).contains("mcp_edge_redis_up 1.0");
	}

	@Test
	void dockerfileWhenReadThenCopiesTheBuiltJarAndRunsAsTheDeploymentsNonRootUser() {
		String dockerfile = DeployFiles.read(DeployFiles.ROOT.resolve("Dockerfile"));
		Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(DeployFiles.read(Path.of("pom.xml")));
		assertThat(finalName.find()).isTrue();
		String jar = "gateway/target/" + finalName.group(1) + ".jar";
		assertThat(instructions(dockerfile, "COPY")).anyMatch(copy -> copy.startsWith(jar + " "));
		assertThat(DeployFiles.read(DeployFiles.ROOT.resolve("Dockerfile.dockerignore")).lines())
			.as("the only file sent to the builder").contains("*", "!" + jar);
		assertThat(instructions(dockerfile, "FROM")).allMatch(from -> from.startsWith("eclipse-temurin:21-jre"));

		List<String> users = instructions(dockerfile, "USER");
		assertThat(users).hasSize(1);
		assertThat(users.get(0)).matches("\\d+:\\d+");
		String[] user = users.get(0).split(":");
		assertThat(Long.parseLong(user[0])).as("not root").isPositive();
		Map<String, Object> podSecurity = map(at(DeployFiles.resource("Deployment"), "spec", "template", "spec", "securityContext"));
		assertThat(podSecurity).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", Integer.parseInt(user[0])).containsEntry("runAsGroup", Integer.parseInt(user[1]));

		Set<Integer> exposed = new TreeSet<>();
		instructions(dockerfile, "EXPOSE").forEach(line -> Stream.of(line.split("\\s+")).map(Integer::valueOf).forEach(exposed::add));
		assertThat(exposed).containsExactlyInAnyOrderElementsOf(containerPorts().values());

		List<String> workdirs = instructions(dockerfile, "WORKDIR");
		assertThat(mountPath("config")).as("config/application.yml of the working directory")
			.isEqualTo(workdirs.get(workdirs.size() - 1) + "/config");
	}

	@Test
	void deploymentWhenReadThenTwoOrMoreHardenedSpreadBudgetedAndScaledReplicas() {
		Map<String, Object> deployment = DeployFiles.resource("Deployment");
		assertThat(((Number) at(deployment, "spec", "replicas")).intValue()).isGreaterThanOrEqualTo(2);
		Map<String, Object> podSpec = map(at(deployment, "spec", "template", "spec"));
		Map<String, Object> container = container();
		assertThat(map(container.get("securityContext"))).containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false);
		assertThat(mountPath("tmp")).isEqualTo("/tmp");
		assertThat(maps(podSpec.get("volumes"))).anySatisfy(volume -> {
			assertThat(volume).containsEntry("name", "tmp").containsKey("emptyDir");
		});
		assertThat(map(at(container, "resources", "requests"))).containsKeys("cpu", "memory");
		assertThat(map(at(container, "resources", "limits"))).containsKeys("memory");
		assertThat(maps(podSpec.get("topologySpreadConstraints"))).isNotEmpty();
		assertThat(map(at(container, "startupProbe"))).containsKey("failureThreshold");
		assertThat(container.get("image")).isEqualTo(maps(DeployFiles.kustomization().get("images")).get(0).get("name"));

		Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));
		assertThat(podLabels).containsAllEntriesOf(map(at(deployment, "spec", "selector", "matchLabels")));
		assertThat(podLabels).containsAllEntriesOf(map(at(DeployFiles.resource("Service"), "spec", "selector")));
		assertThat(podLabels)
			.containsAllEntriesOf(map(at(DeployFiles.resource("PodDisruptionBudget"), "spec", "selector", "matchLabels")));
		Map<String, Object> autoscaler = DeployFiles.resource("HorizontalPodAutoscaler");
		assertThat(map(at(autoscaler, "spec", "scaleTargetRef"))).containsEntry("kind", "Deployment")
			.containsEntry("name", at(deployment, "metadata", "name"));
		assertThat(((Number) at(autoscaler, "spec", "minReplicas")).intValue()).isGreaterThanOrEqualTo(2);
	}

	private static Map<String, Object> container() {
		return maps(at(DeployFiles.resource("Deployment"), "spec", "template", "spec", "containers")).stream()
			.filter(container -> CONTAINER.equals(container.get("name"))).findFirst().orElseThrow();
	}

	/** Port name → container port. */
	private static Map<String, Integer> containerPorts() {
		Map<String, Integer> named = new LinkedHashMap<>();
		maps(container().get("ports")).forEach(port -> named.put((String) port.get("name"), (Integer) port.get("containerPort")));
		return named;
	}

	/** The loopback port the test instance uses for the Deployment's port of this name. */
	private static int containerPort(String name) {
		return ports.get(containerPorts().get(name));
	}

	private static String mountPath(String volume) {
		return maps(container().get("volumeMounts")).stream().filter(mount -> volume.equals(mount.get("name")))
			.map(mount -> (String) mount.get("mountPath")).findFirst().orElseThrow();
	}

	private static List<String> envNames() {
		return maps(container().get("env")).stream().map(variable -> (String) variable.get("name")).toList();
	}

	/**
	 * The container's environment: Secret references resolved from the example Secret, and a value
	 * naming a container port moved to the test's port for it.
	 */
	private static Map<String, String> deploymentEnvironment() {
		Map<String, Object> secretData = map(DeployFiles.resource("Secret").get("stringData"));
		Map<String, String> environment = new LinkedHashMap<>();
		for (Map<String, Object> variable : maps(container().get("env"))) {
			String name = (String) variable.get("name");
			String value = variable.get("valueFrom") != null
					? (String) secretData.get(map(at(variable, "valueFrom", "secretKeyRef")).get("key"))
					: String.valueOf(variable.get("value"));
			if (value.matches("\\d+") && ports.containsKey(Integer.valueOf(value))) {
				value = String.valueOf(ports.get(Integer.valueOf(value)));
			}
			environment.put(name, value);
		}
		return environment;
	}

	/** The ConfigMap's application.yml, written where the test instance reads it. */
	private static Path writeConfigMapFile() throws IOException {
		Map<String, Object> configMap = DeployFiles.resource("ConfigMap");
		Path file = Files.createTempDirectory("mcp-edge-deploy").resolve("application.yml");
		Files.writeString(file, (String) map(configMap.get("data")).get("application.yml"));
		file.toFile().deleteOnExit();
		file.getParent().toFile().deleteOnExit();
		return file;
	}

	/** Whether Spring Boot's relaxed binding maps this environment variable onto a documented property. */
	private static boolean isConfigurationProperty(String variable) {
		ConfigurationPropertySource source = ConfigurationPropertySources
			.from(new SystemEnvironmentPropertySource("systemEnvironment", Map.of(variable, "x")))
			.iterator().next();
		return propertyNames.stream().filter(ConfigurationPropertyName::isValid).map(ConfigurationPropertyName::of)
			.anyMatch(name -> source.getConfigurationProperty(name) != null
					|| source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT);
	}

	/** Every property in the configuration metadata on the classpath (Spring Boot's modules and mcp-edge's). */
	private static Set<String> configurationPropertyNames() {
		Set<String> names = new TreeSet<>();
		JsonMapper json = JsonMapper.builder().build();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
				Map<?, ?> metadata = json.readValue(resource.getInputStream(), Map.class);
				for (Object property : (List<?>) metadata.get("properties")) {
					names.add((String) ((Map<?, ?>) property).get("name"));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return names;
	}

	private static List<Map<String, Object>> alertRules() {
		List<Map<String, Object>> rules = new ArrayList<>();
		Map<String, Object> file = DeployFiles.yamlDocuments(DeployFiles.ROOT.resolve("prometheus/mcp-edge-alerts.yml")).get(0);
		maps(file.get("groups")).forEach(group -> rules.addAll(maps(group.get("rules"))));
		return rules;
	}

	private static Path dashboardFile() {
		return DeployFiles.ROOT.resolve("grafana/mcp-edge-dashboard.json");
	}

	private static Map<String, Object> dashboard() {
		return map(JsonMapper.builder().build().readValue(DeployFiles.read(dashboardFile()), Map.class));
	}

	private static List<String> dashboardExpressions() {
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> panel : maps(dashboard().get("panels"))) {
			if (panel.get("targets") != null) {
				maps(panel.get("targets")).forEach(target -> expressions.add((String) target.get("expr")));
			}
		}
		return expressions;
	}

	/** The arguments of every Dockerfile instruction of this name (continuation lines joined). */
	private static List<String> instructions(String dockerfile, String instruction) {
		List<String> found = new ArrayList<>();
		for (String line : dockerfile.replace("\\\n", " ").split("\n")) {
			if (line.startsWith(instruction + " ")) {
				found.add(line.substring(instruction.length() + 1).trim());
			}
		}
		return found;
	}

	private static WebTestClient.ResponseSpec get(int port, String path) {
		return client(port).get().uri(path).exchange();
	}

	private static WebTestClient client(int port) {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}
}
