/**
 * The policy on every MCP message: tool classification (read, write, by operator patterns or learnt
 * hints), scopes, the test-mode rules that keep test keys and write tools off live data, and the
 * rewrite of {@code tools/list} answers to what the caller may use.
 */
@NullMarked
package dev.mcpedge.policy;

import org.jspecify.annotations.NullMarked;
