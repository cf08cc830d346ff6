/**
 * OAuth access tokens from trusted authorization servers: signature against the issuer's keys (fetched
 * and refreshed with a cooldown), audience, expiry, and the organization and scopes taken from claims.
 */
@NullMarked
package dev.mcpedge.oauth;

import org.jspecify.annotations.NullMarked;
