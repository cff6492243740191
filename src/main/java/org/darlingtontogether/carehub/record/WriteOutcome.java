package org.darlingtontogether.carehub.record;

/** What writing a resource did to the shared record. */
public enum WriteOutcome {
    CREATED,
    UPDATED,
    /** Same content as the current version: nothing changed, no new version. */
    UNCHANGED
}
