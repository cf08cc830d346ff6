/**
 * The runnable mcp-edge gateway: the application, its Netty resources, JSON errors for every path, and
 * the start-time and runtime signals about Redis (the line naming the Redis in use, the
 * {@code mcp_edge_redis_up} gauge).
 */
@NullMarked
package dev.mcpedge.gateway;

import org.jspecify.annotations.NullMarked;
