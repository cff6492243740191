package org.darlingtontogether.carehub.audit;

import java.util.List;

/**
 * One audit row to append: references only (who, which partner, whose NHS number, which resource, the rule), never
 * clinical content. Build with {@link #of(AuditAction)} and the {@code withX} methods.
 */
public record AuditEntry(AuditAction action, String actor, String purpose, String partner, String nhsNumber, String entityType,
                         String entityId, String entityVersion, String category, String outcome, String rule, String agreementId,
                         String agreementVersion, String detail, Integer entityCount, String entityRefs) {

    public static final String SUCCESS = "SUCCESS";
    public static final String FAILURE = "FAILURE";

    public static AuditEntry of(AuditAction action) {
        return new AuditEntry(action, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public AuditEntry actor(String actor) {
        return new AuditEntry(action, actor, purpose, partner, nhsNumber, entityType, entityId, entityVersion, category, outcome, rule,
                agreementId, agreementVersion, detail, entityCount, entityRefs);
    }

    public AuditEntry purpose(String purpose) {
        return new AuditEntry(action, actor, purpose, partner, nhsNumber, entityType, entityId, entityVersion, category, outcome, rule,
                agreementId, agreementVersion, detail, entityCount, entityRefs);
    }

    public AuditEntry partner(String partner) {
        return new AuditEntry(action, actor, purpose, partner, nhsNumber, entityType, entityId, entityVersion, category, outcome, rule,
                agreementId, agreementVersion, detail, entityCount, entityRefs);
    }

    public AuditEntry person(String nhsNumber) {
        return new AuditEntry(action, actor, purpose, partner, nhsNumber, entityType, entityId, entityVersion, category, outcome, rule,
                agreementId, agreementVersion, detail, entityCount, entityRefs);
    }

    public AuditEntry entity(String type, String id, Object version) {
        return new AuditEntry(action, actor, purpose, partner, nhsNumber, type, id, version == null ? null : String.valueOf(version),
                category, outcome, rule, agreementId, agreementVersion, detail, entityCount, entityRefs);
    }

    public AuditEntry category(String category) {
        return new AuditEntry(action, actor, purpose, partner, nhsNumber, entityType, entityId, entityVersion, category, outcome, rule,
                agreementId, agreementVersion, detail, entityCount, entityRefs);
    }

    public AuditEntry outcome(String outcome, String rule) {
        return new AuditEntry(action, actor, purpose, partner, nhsNumber, entityType, entityId, entityVersion, category, outcome, rule,
                agreementId, agreementVersion, detail, entityCount, entityRefs);
    }

    public AuditEntry agreement(String id, String version) {
        return new AuditEntry(action, actor, purpose, partner, nhsNumber, entityType, entityId, entityVersion, category, outcome, rule,
                id, version, detail, entityCount, entityRefs);
    }

    public AuditEntry detail(String detail) {
        return new AuditEntry(action, actor, purpose, partner, nhsNumber, entityType, entityId, entityVersion, category, outcome, rule,
                agreementId, agreementVersion, detail, entityCount, entityRefs);
    }

    /**
     * A row about several resources of the entity's type with the same outcome and rule (a consumer's search or
     * {@code $everything}): how many, and every one of them in {@code entity_refs} ({@link EntityRef}); the entity's id
     * and version name the first.
     */
    public AuditEntry entities(List<EntityRef> refs) {
        return new AuditEntry(action, actor, purpose, partner, nhsNumber, entityType, entityId, entityVersion, category, outcome, rule,
                agreementId, agreementVersion, detail, refs.size(), EntityRef.join(refs));
    }
}
