package dev.mcpedge.loadtests.simulations;

import java.security.SecureRandom;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * {@code tools/call} with the configured key ({@code token}), mixed with {@code invalidPercent} %
 * (system property, default 10) of calls with a random key of the same prefix and length (a
 * mistyped or forged key: its checksum does not match), which must get 401. Through
 * mcp-edge, raise {@code mcp-edge.rate-limits.failed-auth} first: by default the client address
 * gets 429 after 100 failed authentications.
 */
public class InvalidKeyMixSimulation extends Simulation {

	private static final double INVALID_PERCENT = Double.parseDouble(System.getProperty("invalidPercent", "10"));

	private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final SecureRandom RANDOM = new SecureRandom();

	{
		String prefix = Mcp.TOKEN.substring(0, Mcp.TOKEN.lastIndexOf('_') + 1);
		int randomLength = Mcp.TOKEN.length() - prefix.length();
		String body = Mcp.toolsCall("get_balance", "{}");
		setUp(Mcp.openLoad("tools/call mix", exec(randomSwitch().on(
				percent(100 - INVALID_PERCENT).then(exec(Mcp.post("tools/call", body)
					.check(status().is(200), substring("\"result\"")))),
				percent(INVALID_PERCENT).then(exec(http("tools/call invalid key").post(Mcp.URL)
					.header("Authorization", session -> "Bearer " + prefix + randomText(randomLength))
					.body(StringBody(body))
					.check(status().is(401))))))))
			.protocols(Mcp.protocol())
			.assertions(Mcp.noFailures());
	}

	private static String randomText(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return text.toString();
	}
}
