/**
 * The admin API under {@code /admin} on the server port, never proxied: key operations and audit
 * records, every route behind the admin credential.
 */
@NullMarked
package dev.mcpedge.gateway.admin;

import org.jspecify.annotations.NullMarked;
