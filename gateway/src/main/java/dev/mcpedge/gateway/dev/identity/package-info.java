/**
 * The development identity provider: Spring Authorization Server in a servlet context of its own on a
 * loopback port, started in development mode when no OAuth issuer is configured, and trusted by the
 * gateway as {@code mcp-edge.oauth.issuers[0]}.
 */
@NullMarked
package dev.mcpedge.gateway.dev.identity;

import org.jspecify.annotations.NullMarked;
