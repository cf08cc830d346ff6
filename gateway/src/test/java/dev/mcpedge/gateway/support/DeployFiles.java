package dev.mcpedge.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * The files under {@code deploy/} of the repository, read from the gateway module's working directory:
 * the Kubernetes resources of the kustomization, the Dockerfile, the alert rules and the dashboard,
 * parsed into plain maps and lists so that tests can hold them against the running gateway.
 */
public final class DeployFiles {

	public static final Path ROOT = Path.of("..", "deploy");

	public static final Path KUBERNETES = ROOT.resolve("kubernetes");

	private static final Pattern COMMENTED_ENV_NAME = Pattern.compile("^\\s*#\\s*- name: ([A-Z][A-Z0-9_]*)\\s*$",
			Pattern.MULTILINE);

	private DeployFiles() {
	}

	public static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every YAML document in a file, each a map (SnakeYAML's plain types). */
	public static List<Map<String, Object>> yamlDocuments(Path path) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(read(path))) {
			if (document != null) {
				documents.add(map(document));
			}
		}
		return documents;
	}

	/** The resources the kustomization lists, in its order. */
	public static List<Map<String, Object>> kubernetesResources() {
		List<Map<String, Object>> resources = new ArrayList<>();
		for (Object file : list(kustomization().get("resources"))) {
			resources.addAll(yamlDocuments(KUBERNETES.resolve((String) file)));
		}
		return resources;
	}

	public static Map<String, Object> kustomization() {
		return yamlDocuments(KUBERNETES.resolve("kustomization.yaml")).get(0);
	}

	/** The one resource of this kind the kustomization lists. */
	public static Map<String, Object> resource(String kind) {
		List<Map<String, Object>> found = kubernetesResources().stream().filter(r -> kind.equals(r.get("kind"))).toList();
		if (found.size() != 1) {
			throw new IllegalStateException(found.size() + " resources of kind " + kind);
		}
		return found.get(0);
	}

	/** The environment variable names in comments of a manifest ({@code # - name: SPRING_DATA_REDIS_CLUSTER_NODES}). */
	public static List<String> commentedEnvNames(Path path) {
		List<String> names = new ArrayList<>();
		Matcher matcher = COMMENTED_ENV_NAME.matcher(read(path));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/** The value at a path of map keys, e.g. {@code at(deployment, "spec", "template", "spec")}. */
	public static Object at(Map<String, Object> root, String... keys) {
		Object node = root;
		for (String key : keys) {
			node = map(node).get(key);
			if (node == null) {
				throw new IllegalStateException("no " + String.join(".", keys) + " (missing " + key + ")");
			}
		}
		return node;
	}

	@SuppressWarnings("unchecked")
	public static Map<String, Object> map(Object node) {
		return (Map<String, Object>) node;
	}

	@SuppressWarnings("unchecked")
	public static List<Object> list(Object node) {
		return (List<Object>) node;
	}

	public static List<Map<String, Object>> maps(Object node) {
		return list(node).stream().map(DeployFiles::map).toList();
	}
}
