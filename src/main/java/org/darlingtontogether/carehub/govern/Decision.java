package org.darlingtontogether.carehub.govern;

/**
 * What the decision point said and why: the rule that decided (an agreement rule id such as {@code cddft-direct-care},
 * or one of the withholding reasons below, with the Consent or category it concerns) and the agreement version it
 * belongs to (null when no agreement was involved).
 */
public record Decision(Outcome outcome, String rule, String agreementId, String agreementVersion) {

    public enum Outcome { SHARE, WITHHOLD }

    /** No agreement is in force on the date. */
    public static final String NO_AGREEMENT = "no-agreement-in-force";
    /** {@code never-leaves:<category>}: the agreement keeps the category with its source. */
    public static final String NEVER_LEAVES = "never-leaves:";
    /** {@code no-rule:<category>}: no rule lets the source share the category (with this consumer, for this purpose). */
    public static final String NO_RULE = "no-rule:";
    /** {@code objection:Consent/<id>}: the person objected. */
    public static final String OBJECTION = "objection:";
    /** {@code explicit-consent-required:<rule>}: the rule shares on explicit consent, and none is recorded. */
    public static final String CONSENT_REQUIRED = "explicit-consent-required:";
    /** {@code consent-withdrawn:Consent/<id>}: the explicit consent the rule needs was withdrawn. */
    public static final String CONSENT_WITHDRAWN = "consent-withdrawn:";
    /** The person is on the national data opt-out list (planning only). */
    public static final String NATIONAL_OPT_OUT = "national-data-opt-out";
    /** Consent directives themselves: governance data, never shown to a consumer. */
    public static final String GOVERNANCE_RECORD = "governance-record";

    public boolean shared() {
        return outcome == Outcome.SHARE;
    }

    static Decision share(SharingRule rule, Agreement agreement) {
        return new Decision(Outcome.SHARE, rule.id(), agreement.id(), agreement.version());
    }

    static Decision withhold(String rule, Agreement agreementOrNull) {
        return new Decision(Outcome.WITHHOLD, rule, agreementOrNull == null ? null : agreementOrNull.id(),
                agreementOrNull == null ? null : agreementOrNull.version());
    }

    /** For logs and inbox reasons: the rule and the agreement version, no patient data. */
    public String describe() {
        return rule + (agreementId == null ? "" : " (" + agreementId + "@" + agreementVersion + ")");
    }
}
