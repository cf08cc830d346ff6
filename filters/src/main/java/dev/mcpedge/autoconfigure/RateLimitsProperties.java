package dev.mcpedge.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.Assert;

/**
 * Rate limits, under {@code mcp-edge.rate-limits}: token buckets in Redis, shared by every instance
 * (DESIGN §7), and the failed-authentication limit in each instance's memory. Each bucket with
 * defaults is a type of its own, with its defaults on its parameters, so that the configuration
 * metadata (and the IDE) shows them; this record checks them all.
 *
 * @param enabled whether requests are limited at all
 * @param defaultBucket per principal (key id, or token subject); default 50/s, burst 100; a key's own
 * {@code rateLimit} replaces it
 * @param organization per organization, all its principals together; default 200/s, burst 400
 * @param writeTools per principal for calls of write tools, on top of the others; default 5/s, burst 10
 * @param organizations per-organization overrides of {@code organization}, by organization id
 * @param failedAuth failed authentications per client address, in each instance's memory; an
 * address past it gets 429 before any credential is looked at; default 10/s, burst 100
 * @param leaseFraction the largest lease of tokens an instance takes from a shared bucket ahead of
 * need, as a share of the bucket's burst capacity (at least one token); 0 asks Redis on every request
 * @param outageAfter how long rate-limit calls to Redis may keep timing out before the instance falls
 * back to its own buckets (a connection failure falls back at once)
 */
public record RateLimitsProperties(@DefaultValue("true") boolean enabled,
		@Name("default") @DefaultValue DefaultBucket defaultBucket, @DefaultValue OrganizationBucket organization,
		@DefaultValue WriteToolsBucket writeTools, Map<String, BucketProperties> organizations,
		@DefaultValue FailedAuthBucket failedAuth, @DefaultValue("0.1") double leaseFraction,
		@DefaultValue("2s") Duration outageAfter) {

	public RateLimitsProperties {
		Assert.isTrue(leaseFraction >= 0 && leaseFraction <= 0.5,
				() -> "mcp-edge.rate-limits.lease-fraction (" + leaseFraction + ") must be between 0 and 0.5");
		Assert.isTrue(outageAfter.toMillis() >= 1,
				() -> "mcp-edge.rate-limits.outage-after (" + outageAfter + ") must be positive");
		for (RateLimitBucket bucket : List.of(defaultBucket, organization, writeTools, failedAuth)) {
			RateLimitBucket.check(bucket.replenishRate(), bucket.burstCapacity());
		}
		organizations = organizations == null ? Map.of() : Map.copyOf(organizations);
	}

	/**
	 * The bucket of each principal, {@code mcp-edge.rate-limits.default}.
	 *
	 * @param replenishRate tokens added per second to each principal's bucket (may be below 1)
	 * @param burstCapacity size of each principal's bucket
	 */
	public record DefaultBucket(@DefaultValue("50") double replenishRate, @DefaultValue("100") long burstCapacity)
			implements RateLimitBucket {
	}

	/**
	 * The bucket of each organization, {@code mcp-edge.rate-limits.organization}.
	 *
	 * @param replenishRate tokens added per second to each organization's bucket (may be below 1)
	 * @param burstCapacity size of each organization's bucket
	 */
	public record OrganizationBucket(@DefaultValue("200") double replenishRate, @DefaultValue("400") long burstCapacity)
			implements RateLimitBucket {
	}

	/**
	 * The bucket of each principal's write tool calls, {@code mcp-edge.rate-limits.write-tools}.
	 *
	 * @param replenishRate tokens added per second to each principal's write-tools bucket (may be below 1)
	 * @param burstCapacity size of each principal's write-tools bucket
	 */
	public record WriteToolsBucket(@DefaultValue("5") double replenishRate, @DefaultValue("10") long burstCapacity)
			implements RateLimitBucket {
	}

	/**
	 * The failed authentications of each client address, {@code mcp-edge.rate-limits.failed-auth}.
	 *
	 * @param replenishRate failed authentications forgiven per second for each client address (may be
	 * below 1)
	 * @param burstCapacity failed authentications a client address may make in a burst
	 */
	public record FailedAuthBucket(@DefaultValue("10") double replenishRate, @DefaultValue("100") long burstCapacity)
			implements RateLimitBucket {
	}
}
