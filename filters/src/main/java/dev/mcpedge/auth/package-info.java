/**
 * Authentication of MCP requests: the {@code McpAuth} route filter reads the bearer credential, checks
 * it as an API key or an OAuth access token as the endpoint allows, and refuses with a challenge; a
 * per-client limit on failed attempts stops guessing before any credential is looked at.
 */
@NullMarked
package dev.mcpedge.auth;

import org.jspecify.annotations.NullMarked;
