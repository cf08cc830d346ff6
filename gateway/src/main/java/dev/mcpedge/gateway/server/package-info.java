/**
 * The HTTP server's own hygiene: connection limit and read timeouts, and the orderly stop (drain
 * delay, grace period, cut-off of what is still open, exit status 0 on SIGTERM).
 */
@NullMarked
package dev.mcpedge.gateway.server;

import org.jspecify.annotations.NullMarked;
