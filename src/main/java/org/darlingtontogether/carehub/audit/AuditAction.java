package org.darlingtontogether.carehub.audit;

/** What an audit row records. The first four are governance decisions, named after the stage that made them. */
public enum AuditAction {
    /** A message's admission to the shared record (entity: the inbox message). */
    ENTRY,
    /** A consumer's read through the FHIR API: who, what, purpose, shared or withheld and by which rule. */
    READ,
    /** The decision to send a resource to a consumer (at send time). */
    DELIVERY,
    /** A re-check of what a consumer already holds after consent or an agreement changed. */
    RECHECK,
    /** A push delivery the consumer's endpoint accepted. */
    DELIVERED,
    /** A push delivery given up after its last attempt (dead-lettered). */
    DELIVERY_FAILED,
    /** A retraction now due to a consumer (it was shown something it may no longer hold). */
    RETRACTION_DUE,
    /** A message set aside because its person could not be identified. */
    QUARANTINED,
    /** A quarantined message released with a traced NHS number. */
    RELEASED,
    /** A failed message queued again for processing. */
    REPLAYED,
    /** An agreement version the hub loaded at start. */
    AGREEMENT_LOADED,
    /** A consent directive recorded by the IG lead. */
    CONSENT_RECORDED,
    /** An IG console sign-in, and a refused one. */
    SIGN_IN, SIGN_IN_REFUSED,
    /** An export of audit rows (FHIR AuditEvent or CSV) or a verification of the chain. */
    AUDIT_EXPORTED, AUDIT_VERIFIED;

    public boolean isDecision() {
        return this == ENTRY || this == READ || this == DELIVERY || this == RECHECK;
    }
}
