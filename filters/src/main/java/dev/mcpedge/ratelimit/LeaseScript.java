package dev.mcpedge.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

/**
 * The one Redis command of the rate limits: a Lua script that grants leases of tokens from the shared
 * buckets of one request (all or nothing over the tokens the request needs), takes unused tokens back,
 * and tells what each bucket holds afterwards. Its rules are in the script's header.
 */
final class LeaseScript {

	/**
	 * The share of a bucket's tokens that one lease may take beyond the token a request needs: half,
	 * so that leases shrink as the bucket empties and the last tokens go one at a time to requests
	 * that need them, never into a lease that may not be spent.
	 */
	static final double SHARE = 0.5;

	/**
	 * The script's text, read once: a script made from a resource would check the resource's
	 * modification time (a jar lookup) on every call.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> SCRIPT = RedisScript.of(script("META-INF/scripts/mcp-edge-token-bucket.lua"),
			List.class);

	private final ReactiveStringRedisTemplate redis;

	LeaseScript(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * What to ask of one bucket.
	 *
	 * @param key the bucket's Redis key
	 * @param bucket its rate and size
	 * @param want tokens asked for
	 * @param need 1 when a request waits for one of them (refused unless there), else 0
	 * @param back unused tokens given back
	 */
	record Ask(String key, BucketSettings bucket, long want, int need, long back) {
	}

	/**
	 * One bucket's answer.
	 *
	 * @param granted tokens granted (none unless the call was allowed)
	 * @param left tokens the shared bucket holds afterwards
	 * @param waitSeconds seconds until it holds the token needed; 0 when it does
	 */
	record Grant(long granted, double left, double waitSeconds) {
	}

	/**
	 * The answer of one call.
	 *
	 * @param allowed whether every bucket had the token it was asked to need
	 * @param grants one per {@link Ask}, in order
	 */
	record Answer(boolean allowed, List<Grant> grants) {
	}

	/** One script call for {@code asks} (buckets of one hash tag); no reply is an error, never a hang. */
	@SuppressWarnings("unchecked")
	Mono<Answer> call(List<Ask> asks) {
		List<String> keys = new ArrayList<>(asks.size());
		List<String> args = new ArrayList<>(asks.size() * 5 + 1);
		args.add(Double.toString(SHARE));
		for (Ask ask : asks) {
			keys.add(ask.key());
			args.add(Double.toString(ask.bucket().replenishRate()));
			args.add(Long.toString(ask.bucket().burstCapacity()));
			args.add(Long.toString(ask.want()));
			args.add(Integer.toString(ask.need()));
			args.add(Long.toString(ask.back()));
		}
		return redis.execute(SCRIPT, keys, args).single().map(reply -> {
			List<Object> values = (List<Object>) reply;
			List<Grant> grants = new ArrayList<>(asks.size());
			for (int i = 0; i < asks.size(); i++) {
				grants.add(new Grant((long) number(values.get(1 + 3 * i)), number(values.get(2 + 3 * i)),
						number(values.get(3 + 3 * i))));
			}
			return new Answer(number(values.get(0)) == 1, grants);
		});
	}

	private static double number(Object value) {
		return Double.parseDouble(value.toString());
	}

	private static String script(String location) {
		try (InputStream in = new ClassPathResource(location).getInputStream()) {
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + location, ex);
		}
	}
}
