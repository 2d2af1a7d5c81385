/**
 * The messages HUD's services exchange over RabbitMQ: versioned JSON records. Every message names
 * its schema in a {@code schema} field ({@code hud.<name>/v<version>}); a consumer dead-letters a
 * message whose schema it does not know. Adding an optional field keeps the version; renaming or
 * removing one, or changing its meaning, makes a new version. The trainer README documents them.
 */
package dev.hud.common.messages;
