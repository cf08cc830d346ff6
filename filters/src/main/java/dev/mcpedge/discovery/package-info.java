/**
 * The discovery documents MCP clients need to sign in: OAuth protected resource metadata (RFC 9728)
 * per endpoint, and the URLs built from the configured public URL, never from the {@code Host} header.
 */
@NullMarked
package dev.mcpedge.discovery;

import org.jspecify.annotations.NullMarked;
