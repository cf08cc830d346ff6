package dev.mcpedge.gateway.dev;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/**
 * A redis-server child process on 127.0.0.1 and a free port, without persistence, for development
 * and tests. Uses the binary bundled in the embedded-redis jar.
 * <p>
 * A JVM killed with {@code kill -9} cannot stop its child. Each server therefore leaves a marker
 * ({@code run/<redis pid>.owner}: owner pid and port); the next start stops servers whose owner is
 * gone and removes their files. The binary is extracted under
 * a name of its own and replaced by rename only, so a running orphan never blocks the extraction.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EmbeddedRedisServer.class);

	private static final Path HOME = Path.of(System.getProperty("java.io.tmpdir"), "mcp-edge-redis");

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

	private final Process process;

	private final int port;

	private final Path marker;

	private final Path log;

	private EmbeddedRedisServer(Process process, int port, Path marker, Path log) {
		this.process = process;
		this.port = port;
		this.marker = marker;
		this.log = log;
	}

	/** Starts a server on a free port, without persistence; stops orphans of killed earlier runs first. */
	public static EmbeddedRedisServer start() {
		return start(0, null);
	}

	/**
	 * Starts a server on {@code port} (0: a free one). With {@code dataDir}, data is kept there
	 * (append-only file), so a server started again on the same directory has it back.
	 */
	public static EmbeddedRedisServer start(int port, Path dataDir) {
		return start(port, dataDir, List.of());
	}

	/**
	 * Starts a server like {@link #start(int, Path)} with more redis-server options, given as command
	 * line arguments that follow the defaults and so override them (e.g. {@code --cluster-enabled yes}).
	 */
	public static EmbeddedRedisServer start(int port, Path dataDir, List<String> options) {
		return start(port, dataDir, null, options);
	}

	/**
	 * Starts a server as {@link #start(int, Path)} does, reading {@code configFile} first when given
	 * and taking {@code options} last, for replicas ({@code --replicaof}) and Sentinels
	 * ({@code --sentinel}; a Sentinel rewrites its config file, so it must be writable).
	 */
	public static EmbeddedRedisServer start(int port, Path dataDir, Path configFile, List<String> options) {
		try {
			Files.createDirectories(HOME.resolve("run"));
			stopOrphans();
			Path binary = extractBinary();
			IOException last = null;
			for (int attempt = 0; attempt < 3; attempt++) {
				try {
					return launch(binary, port != 0 ? port : freePort(), dataDir, configFile, options);
				}
				catch (IOException ex) {
					last = ex;
				}
			}
			throw last;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the embedded redis-server: " + ex.getMessage()
					+ " (set spring.data.redis.url to use an existing Redis)", ex);
		}
	}

	/** The port the server listens on, on 127.0.0.1. */
	public int port() {
		return port;
	}

	/** The server's process id. */
	public long pid() {
		return process.pid();
	}

	/** A {@code redis://} URL of the server. */
	public String url() {
		return "redis://127.0.0.1:" + port;
	}

	/** Whether the process is running. */
	public boolean isRunning() {
		return process.isAlive();
	}

	/** Kills the process at once (SIGKILL), as a crash would, and removes its files. */
	public void kill() {
		process.destroyForcibly();
		close();
	}

	/** Stops the server and waits for it to exit. */
	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			Files.deleteIfExists(marker);
			Files.deleteIfExists(log);
		}
		catch (IOException ex) {
			logger.debug("Could not delete " + marker + " or " + log, ex);
		}
	}

	private static EmbeddedRedisServer launch(Path binary, int port, Path dataDir, Path configFile, List<String> options)
			throws IOException {
		Path log = HOME.resolve("run").resolve(port + ".log");
		if (dataDir != null) {
			Files.createDirectories(dataDir);
		}
		List<String> command = new ArrayList<>();
		command.add(binary.toString());
		if (configFile != null) {
			command.add(configFile.toString());
		}
		command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
				"--save", "", "--appendonly", dataDir != null ? "yes" : "no", "--appendfsync", "always", "--daemonize",
				"no", "--dir", (dataDir != null ? dataDir : HOME).toString()));
		command.addAll(options);
		Process process = new ProcessBuilder(command)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		Path marker = HOME.resolve("run").resolve(process.pid() + ".owner");
		Files.writeString(marker, ProcessHandle.current().pid() + " " + port);
		EmbeddedRedisServer server = new EmbeddedRedisServer(process, port, marker, log);
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				String output = tail(log);
				server.close();
				throw new IOException("redis-server exited with " + process.exitValue() + ": " + output);
			}
			if (answersPing(port)) {
				logger.info("Embedded redis-server (pid " + process.pid() + ") listening on 127.0.0.1:" + port);
				return server;
			}
			sleep(20);
		}
		String output = tail(log);
		server.close();
		throw new IOException("redis-server did not answer within " + STARTUP_TIMEOUT + ": " + output);
	}

	/** Whether a Redis server on 127.0.0.1:{@code port} answers {@code PING}. */
	static boolean answersPing(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			socket.setSoTimeout(500);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] reply = new byte[7];
			int read = socket.getInputStream().read(reply);
			return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void stopOrphans() throws IOException {
		try (Stream<Path> markers = Files.list(HOME.resolve("run"))) {
			for (Path marker : markers.filter(p -> p.toString().endsWith(".owner")).toList()) {
				try {
					long redisPid = Long.parseLong(marker.getFileName().toString().replace(".owner", ""));
					String[] owner = Files.readString(marker).trim().split(" ");
					long ownerPid = Long.parseLong(owner[0]);
					if (ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false)) {
						continue;
					}
					Optional<ProcessHandle> orphan = ProcessHandle.of(redisPid)
						.filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
					orphan.ifPresent(p -> {
						logger.info("Stopping embedded redis-server (pid " + p.pid() + ") left by a process that is gone");
						p.destroy();
					});
					Files.deleteIfExists(marker);
					if (owner.length > 1) {
						Files.deleteIfExists(HOME.resolve("run").resolve(Integer.parseInt(owner[1]) + ".log"));
					}
				}
				catch (IOException | RuntimeException ex) {
					logger.debug("Ignoring unreadable marker " + marker, ex);
				}
			}
		}
	}

	private static Path extractBinary() throws IOException {
		String resource = ExecutableProvider.newProvidedVersionsMap().get(OsArchitecture.detectOSandArchitecture());
		if (resource == null) {
			throw new IOException("no bundled redis-server for " + System.getProperty("os.name") + " "
					+ System.getProperty("os.arch"));
		}
		String name = resource.substring(resource.lastIndexOf('/') + 1);
		Path binary = HOME.resolve(name);
		try (InputStream in = ExecutableProvider.class.getResourceAsStream("/" + name)) {
			if (in == null) {
				throw new IOException("bundled redis-server " + resource + " not found on the classpath");
			}
			if (Files.isExecutable(binary)) {
				return binary;
			}
			Path partial = Files.createTempFile(HOME, name, ".partial");
			Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
			partial.toFile().setExecutable(true, true);
			Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return binary;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
		}
		catch (IOException ex) {
			return "(no output)";
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
