/**
 * Every refusal and failure as the client sees it: JSON (or JSON-RPC) error bodies, {@code
 * WWW-Authenticate} challenges, {@code Retry-After}, and the handler that maps exceptions to them.
 */
@NullMarked
package dev.mcpedge.errors;

import org.jspecify.annotations.NullMarked;
