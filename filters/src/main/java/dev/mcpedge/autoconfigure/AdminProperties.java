package dev.mcpedge.autoconfigure;

import org.springframework.util.Assert;

/**
 * The admin API, under {@code mcp-edge.admin}: off unless a token is set, so that a forgotten setting
 * never opens it.
 *
 * @param token bearer credential of the admin API; unset means the admin API is off (except in the
 * development default, which generates one)
 */
public record AdminProperties(String token) {

	public AdminProperties {
		Assert.isTrue(token == null || token.isEmpty() || token.length() >= 16,
				"mcp-edge.admin.token must be at least 16 characters long");
		token = (token == null || token.isEmpty()) ? null : token;
	}

	/** Never the token itself: settings end up in logs and failure reports. */
	@Override
	public String toString() {
		return "AdminProperties[token=" + ((token != null) ? "<hidden>" : "none") + "]";
	}
}
