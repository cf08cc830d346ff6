package dev.mcpedge.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.mcpedge.errors.BearerChallenge;
import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.util.unit.DataSize;

/**
 * What {@code McpPolicy} does to every POST body: the strict JSON-RPC read, then the decision for a
 * test key's {@code tools/call}, which inserts {@code "api_test_mode": true} into the arguments.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicyBenchmark {

	/** Body size in bytes: 1 KB, 100 KB, 1 MB. */
	@Param({ "1024", "102400", "1048576" })
	int size;

	private final PolicyEngine engine = new PolicyEngine(new PolicySettings(List.of("get_*"), List.of(),
			Map.of(), true, "api_test_mode", DataSize.ofMegabytes(2), List.of(), DataSize.ofMegabytes(8)));

	private final EdgeIdentity testKey = new EdgeIdentity(AuthMethod.API_KEY, "key_1", "org_1", List.of(), true,
			dev.mcpedge.identity.Mode.TEST);

	private final BearerChallenge challenge = BearerChallenge.realm("mcp-edge");

	private byte[] body;

	@Setup
	public void body() {
		String head = "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"get_statement\","
				+ "\"arguments\":{\"account\":\"acct_123\",\"memo\":\"";
		String tail = "\"}}}";
		body = (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
		if (!(readAndDecide() instanceof PolicyEngine.Forward forward) || forward.body().length <= body.length) {
			throw new IllegalStateException("the benchmark body must be forwarded with the test-mode argument inserted");
		}
	}

	@Benchmark
	public PolicyEngine.Outcome readAndDecide() {
		PolicyEngine.Parsed parsed = (PolicyEngine.Parsed) engine.read(body, "tools/call", "get_statement");
		return engine.decide(parsed, testKey, challenge, Map.of());
	}
}
