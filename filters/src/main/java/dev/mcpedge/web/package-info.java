/**
 * The HTTP layer in front of every route: request ids, the path firewall (one spelling of each path),
 * and the transport rules of MCP's Streamable HTTP (no upgrades, no bodies on GET or DELETE).
 */
@NullMarked
package dev.mcpedge.web;

import org.jspecify.annotations.NullMarked;
