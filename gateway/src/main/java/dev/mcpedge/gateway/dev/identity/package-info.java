/**
 * The development identity provider: Spring Authorization Server in a servlet context of its own on a
 * loopback port, started in development mode when no OAuth issuer is configured, and trusted by the
 * gateway as {@code mcp-edge.oauth.issuers[0]}; outside development mode, the start failure for an
 * OAuth endpoint without a trusted issuer.
 */
@NullMarked
package dev.mcpedge.gateway.dev.identity;

import org.jspecify.annotations.NullMarked;
