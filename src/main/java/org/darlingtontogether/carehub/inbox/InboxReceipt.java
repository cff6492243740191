package org.darlingtontogether.carehub.inbox;

/**
 * What committing a message to the inbox did.
 *
 * @param id        the inbox row (new, or the earlier one for a repeat)
 * @param duplicate true when the partner had already sent a message with this key
 * @param state     the row's state now
 * @param reason    why it is FAILED, when it is
 */
public record InboxReceipt(long id, boolean duplicate, InboxState state, String reason) {
}
