/**
 * The demo MCP server of the development defaults: a small payments server speaking every supported
 * protocol version, whose tool results echo what the gateway sent.
 */
@NullMarked
package dev.mcpedge.gateway.demo;

import org.jspecify.annotations.NullMarked;
