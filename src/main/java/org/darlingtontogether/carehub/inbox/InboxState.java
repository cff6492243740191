package org.darlingtontogether.carehub.inbox;

/** Where an inbox message got to. Every message ends in one of the last four; none is dropped. */
public enum InboxState {
    /** Committed and acknowledged, waiting for processing. */
    RECEIVED,
    /** In the shared record. */
    PROCESSED,
    /** No valid NHS number: waiting for tracing and release. */
    QUARANTINED,
    /** Governance said no; the reason names the rule. */
    WITHHELD,
    /** Could not be parsed or mapped; the reason says why, the original is kept for replay. */
    FAILED
}
