package org.darlingtontogether.carehub.process;

import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.map.MappedMessage;

/**
 * What parsing, identifying and mapping one inbox message came to, before anything is written: PROCESSED with its
 * mapping, or parked (QUARANTINED, FAILED, WITHHELD) with the reason stored on the row and a log-safe version of it.
 *
 * @param reason   stored with the inbox row for operators (may quote the message)
 * @param loggable what may be logged: never patient data or message text
 */
public record Prepared(InboxState state, MappedMessage mapped, String reason, String loggable) {

    public static Prepared processed(MappedMessage mapped) {
        return new Prepared(InboxState.PROCESSED, mapped, null, null);
    }

    public static Prepared parked(InboxState state, String reason, String loggable) {
        return new Prepared(state, null, reason, loggable);
    }

    /** Parked for a problem whose text is safe to log (it names fields and rules, not values). */
    public static Prepared parked(InboxState state, String reason) {
        return new Prepared(state, null, reason, reason);
    }
}
