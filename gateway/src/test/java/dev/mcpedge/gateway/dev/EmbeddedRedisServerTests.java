package dev.mcpedge.gateway.dev;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedRedisServerTests {

	/** Run in a child JVM: starts a server, prints its port, waits to be killed. */
	public static void main(String[] args) throws InterruptedException {
		EmbeddedRedisServer server = EmbeddedRedisServer.start();
		System.out.println("PORT " + server.port());
		System.out.flush();
		Thread.sleep(60_000);
	}

	@Test
	void startWhenEarlierRunWasKilledThenItsOrphanIsStoppedAndANewServerStarts() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process owner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				EmbeddedRedisServerTests.class.getName()).redirectErrorStream(true).start();
		int orphanPort;
		try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			do {
				line = out.readLine();
			}
			while (line != null && !line.startsWith("PORT "));
			assertThat(line).as("child JVM printed the port").isNotNull();
			orphanPort = Integer.parseInt(line.substring(5).trim());
		}
		owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9: the child cannot stop its redis-server
		assertThat(answers(orphanPort)).as("the orphan survives its owner").isTrue();

		try (EmbeddedRedisServer next = EmbeddedRedisServer.start()) {
			assertThat(next.isRunning()).isTrue();
			assertThat(answers(next.port())).isTrue();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (answers(orphanPort) && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(answers(orphanPort)).as("the orphan was stopped").isFalse();
		}
	}

	@Test
	void closeWhenRunningThenProcessStopsAndPortIsFree() {
		EmbeddedRedisServer server = EmbeddedRedisServer.start();
		int port = server.port();
		assertThat(answers(port)).isTrue();
		server.close();
		assertThat(server.isRunning()).isFalse();
		assertThat(answers(port)).isFalse();
	}

	@Test
	void startWhenAnotherServerOfThisJvmRunsThenBothRunOnTheirOwnPorts() {
		try (EmbeddedRedisServer a = EmbeddedRedisServer.start(); EmbeddedRedisServer b = EmbeddedRedisServer.start()) {
			assertThat(a.port()).isNotEqualTo(b.port());
			assertThat(answers(a.port())).isTrue();
			assertThat(answers(b.port())).isTrue();
		}
	}

	private static boolean answers(int port) {
		return EmbeddedRedisServer.answersPing(port);
	}
}
