package org.darlingtontogether.carehub.govern;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The one place the hub decides whether a record may be shared: a pure function of the record's source, category
 * and labels, the consumer and its purpose, the agreements in force on the date, and the person's directives. The
 * checks run in a fixed order and the first that withholds decides:
 * <ol>
 * <li>a consent directive is never shown to a consumer ({@link Decision#GOVERNANCE_RECORD});</li>
 * <li>no agreement in force; a category that never leaves its source;</li>
 * <li>a category (the record's own or a labelled one) that no rule lets this source share with this consumer for this
 * purpose (first matching rule, in agreement file and rule order);</li>
 * <li>the person's objection in force covering the record (source, consumer, any of its categories, purpose);</li>
 * <li>a rule sharing on explicit consent, and no consent in force covering that category (withdrawn, or never given);</li>
 * <li>planning ({@code opt-out-applies}) and the person on the national data opt-out.</li>
 * </ol>
 * Otherwise SHARE, naming the rule that granted the record's own category (or the explicit-consent rule relied on).
 */
public final class DecisionPoint {

    private DecisionPoint() {
    }

    public static Decision decide(RecordFacts record, String consumer, String purpose, List<Agreement> inForce,
                                  PersonDirectives person, LocalDate date) {
        if (Vocabulary.CONSENT_CATEGORY.equals(record.category())) {
            return Decision.withhold(Decision.GOVERNANCE_RECORD, null);
        }
        if (inForce.isEmpty()) {
            return Decision.withhold(Decision.NO_AGREEMENT, null);
        }
        Set<String> categories = record.categories();
        Decision neverLeaves = neverLeaves(categories, inForce);
        if (neverLeaves != null) {
            return neverLeaves;
        }
        SharingRule primary = null;
        Agreement primaryAgreement = null;
        SharingRule explicit = null;
        Agreement explicitAgreement = null;
        boolean optOutApplies = false;
        for (String category : categories) {
            SharingRule found = null;
            Agreement foundIn = null;
            for (Agreement agreement : inForce) {
                for (SharingRule rule : agreement.rules()) {
                    if (rule.grants(record.source(), category, consumer, purpose)) {
                        found = rule;
                        foundIn = agreement;
                        break;
                    }
                }
                if (found != null) {
                    break;
                }
            }
            if (found == null) {
                return Decision.withhold(Decision.NO_RULE + category, inForce.get(0));
            }
            if (category.equals(record.category())) {
                primary = found;
                primaryAgreement = foundIn;
            }
            if (found.consent() == ConsentModel.EXPLICIT && explicit == null) {
                explicit = found;
                explicitAgreement = foundIn;
            }
            optOutApplies |= found.consent() == ConsentModel.OPT_OUT_APPLIES;
        }
        Decision objection = objection(person, record.source(), categories, consumer, purpose, date, primaryAgreement);
        if (objection != null) {
            return objection;
        }
        if (explicit != null) {
            Directive consent = consentFor(person, record, consumer, purpose, date);
            if (consent == null) {
                return Decision.withhold(Decision.CONSENT_REQUIRED + explicit.id(), explicitAgreement);
            }
            if (consent.withdrawn()) {
                return Decision.withhold(Decision.CONSENT_WITHDRAWN + consent.consentRef(), explicitAgreement);
            }
        }
        if (optOutApplies && person.nationalOptOut()) {
            return Decision.withhold(Decision.NATIONAL_OPT_OUT, primaryAgreement);
        }
        if (explicit != null) {
            return Decision.share(explicit, explicitAgreement);
        }
        return Decision.share(primary, primaryAgreement);
    }

    /**
     * Whether a record may enter the shared record at all: every one of its categories is one some rule in force lets
     * its source share (with anyone, for any purpose), and none never leaves its source. Consent directives always enter.
     */
    public static Decision admit(String source, Set<String> categories, List<Agreement> inForce) {
        // a consent directive is governance's own record, never shown to consumers: it enters whatever labels its
        // source puts on everything it sends (the mental health trust's are all mental-health)
        if (categories.contains(Vocabulary.CONSENT_CATEGORY)) {
            return new Decision(Decision.Outcome.SHARE, Decision.GOVERNANCE_RECORD, null, null);
        }
        if (inForce.isEmpty()) {
            return Decision.withhold(Decision.NO_AGREEMENT, null);
        }
        Decision neverLeaves = neverLeaves(categories, inForce);
        if (neverLeaves != null) {
            return neverLeaves;
        }
        Decision admitted = null;
        for (String category : categories) {
            Decision found = null;
            for (Agreement agreement : inForce) {
                for (SharingRule rule : agreement.rules()) {
                    if (rule.source().equals(source) && rule.categories().contains(category)) {
                        found = Decision.share(rule, agreement);
                        break;
                    }
                }
                if (found != null) {
                    break;
                }
            }
            if (found == null) {
                return Decision.withhold(Decision.NO_RULE + category, inForce.get(0));
            }
            if (admitted == null) {
                admitted = found;
            }
        }
        return admitted;
    }

    private static Decision neverLeaves(Set<String> categories, List<Agreement> inForce) {
        for (Agreement agreement : inForce) {
            for (String category : categories) {
                if (agreement.neverLeave().contains(category)) {
                    return Decision.withhold(Decision.NEVER_LEAVES + category, agreement);
                }
            }
        }
        return null;
    }

    private static Decision objection(PersonDirectives person, String source, Set<String> categories, String consumer, String purpose,
                                      LocalDate date, Agreement agreement) {
        for (Directive directive : person.directives()) {
            if (directive.kind() != Directive.Kind.OBJECTION || directive.withdrawn() || !directive.inForceOn(date)) {
                continue;
            }
            for (String category : categories) {
                if (directive.covers(source, category, consumer, purpose)) {
                    return Decision.withhold(Decision.OBJECTION + directive.consentRef(), agreement);
                }
            }
        }
        return null;
    }

    /**
     * The explicit consent covering the record: an active one in force if any, else a withdrawn one (to name), else
     * null. A consent naming a category covers a labelled record only through one of its labels (consent to share
     * conditions is not consent to share a mental-health condition), an unlabelled record through its category.
     */
    private static Directive consentFor(PersonDirectives person, RecordFacts record, String consumer, String purpose, LocalDate date) {
        Directive withdrawn = null;
        for (Directive directive : person.directives()) {
            if (directive.kind() != Directive.Kind.EXPLICIT_CONSENT || !directive.covers(record.source(), null, consumer, purpose)) {
                continue;
            }
            String category = directive.category();
            if (category != null && !(record.labels().isEmpty() ? category.equals(record.category()) : record.labels().contains(category))) {
                continue;
            }
            if (directive.withdrawn()) {
                withdrawn = directive;
            } else if (directive.inForceOn(date)) {
                return directive;
            }
        }
        return withdrawn;
    }
}
