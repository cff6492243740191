package org.darlingtontogether.carehub.audit;

import java.util.Date;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResourceType;
import org.hl7.fhir.r4.model.StringType;

/**
 * An audit row as a FHIR R4 AuditEvent, after the IHE Basic Audit Log Patterns (BALP) where they fit. References
 * only, as the row holds.
 * <ul>
 * <li>{@code type}: READ is a RESTful interaction ({@code audit-event-type#rest}, subtype {@code restful-interaction#read});
 * CONSENT_RECORDED {@code rest} with subtype {@code create}; deliveries, retractions and audit exports DICOM 110106
 * Export; entry to the shared record, rechecks, quarantine, release and replay DICOM 110110 Patient Record; sign-ins
 * DICOM 110114 User Authentication; agreements loaded and chain verification DICOM 110100 Application Activity. The
 * hub's own action name is always a second subtype ({@link #ACTION_SYSTEM}), so nothing is lost in the mapping.</li>
 * <li>{@code action}: R for READ; E for DELIVERY, DELIVERED, DELIVERY_FAILED, RECHECK, exports and the other
 * activities; C for ENTRY and CONSENT_RECORDED; U for QUARANTINED, RELEASED and REPLAYED; D for RETRACTION_DUE.</li>
 * <li>{@code outcome}: 0 (success) for SHARE and SUCCESS; 4 (minor failure) for WITHHOLD, since the request was served
 * but the record was not disclosed; 8 (serious failure) for FAILURE; {@code outcomeDesc} the rule.</li>
 * <li>{@code agent}: the actor (client id as identifier, requestor, purposeOfUse from the purpose: direct-care TREAT,
 * navigator CAREMGT, planning POPHLTH, plus the hub's purpose code), then the hub (not requestor).</li>
 * <li>{@code source}: the hub as observer. {@code entity}: the resource (reference {@code Type/id/_history/version},
 * or an identifier for hub objects such as InboxMessage), with {@code detail} rule, agreement ({@code id@version}),
 * category, partner and detail; then the person (NHS number identifier, type 1 Person, role 1 Patient).</li>
 * </ul>
 */
public final class AuditEventMapper {

    public static final String EVENT_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    public static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    public static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    /** The hub's own action names ({@link AuditAction}). */
    public static final String ACTION_SYSTEM = "https://fhir.darlingtontogether.org.uk/CodeSystem/audit-action";
    /** OAuth2 client ids of the hub's callers that are not consumers (IG leads, operators). */
    public static final String CLIENT_SYSTEM = "https://fhir.darlingtontogether.org.uk/Id/client";
    /** Hub objects that are not FHIR resources (InboxMessage, Agreement...): the system is this plus the type. */
    public static final String OBJECT_SYSTEM_BASE = "https://fhir.darlingtontogether.org.uk/Id/";
    /** The same systems as the consent profile and the record's labels use (kept here, so that audit does not depend on govern or record). */
    static final String CONSUMER_SYSTEM = "https://fhir.darlingtontogether.org.uk/Id/consumer";
    static final String PURPOSE_SYSTEM = "https://fhir.darlingtontogether.org.uk/CodeSystem/purpose";
    static final String CATEGORY_SYSTEM = "https://fhir.darlingtontogether.org.uk/CodeSystem/data-category";
    static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    static final String HUB_NAME = "Darlington Together care hub";

    private AuditEventMapper() {
    }

    public static AuditEvent toAuditEvent(AuditRow row) {
        AuditAction action = action(row.action());
        AuditEvent event = new AuditEvent();
        event.setId(String.valueOf(row.id()));
        type(event, action, row.action());
        event.setAction(actionCode(action));
        event.setRecorded(Date.from(row.recordedAt()));
        event.setOutcome(outcome(row.outcome()));
        if (row.rule() != null) {
            event.setOutcomeDesc(row.rule());
        }
        agents(event, row);
        event.getSource().setSite("darlington-together")
                .setObserver(new Reference().setDisplay(HUB_NAME).setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(AuditActor.HUB)))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
        resourceEntity(event, row);
        if (row.nhsNumber() != null) {
            AuditEventEntityComponent patient = event.addEntity();
            patient.setWhat(new Reference().setType("Patient").setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(row.nhsNumber())));
            patient.setType(new Coding(ENTITY_TYPE, "1", "Person"));
            patient.setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        return event;
    }

    private static AuditAction action(String name) {
        try {
            return AuditAction.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static void type(AuditEvent event, AuditAction action, String name) {
        if (action == null) {
            event.setType(new Coding(EVENT_TYPE_SYSTEM, "rest", "Restful Operation"));
        } else {
            switch (action) {
                case READ -> {
                    event.setType(new Coding(EVENT_TYPE_SYSTEM, "rest", "Restful Operation"));
                    event.addSubtype(new Coding(RESTFUL_INTERACTION, "read", "read"));
                }
                case CONSENT_RECORDED -> {
                    event.setType(new Coding(EVENT_TYPE_SYSTEM, "rest", "Restful Operation"));
                    event.addSubtype(new Coding(RESTFUL_INTERACTION, "create", "create"));
                }
                case DELIVERY, DELIVERED, DELIVERY_FAILED, RETRACTION_DUE, AUDIT_EXPORTED -> event.setType(new Coding(DICOM, "110106", "Export"));
                case ENTRY, RECHECK, QUARANTINED, RELEASED, REPLAYED -> event.setType(new Coding(DICOM, "110110", "Patient Record"));
                case SIGN_IN, SIGN_IN_REFUSED -> event.setType(new Coding(DICOM, "110114", "User Authentication"));
                case AGREEMENT_LOADED, AUDIT_VERIFIED -> event.setType(new Coding(DICOM, "110100", "Application Activity"));
            }
        }
        event.addSubtype(new Coding(ACTION_SYSTEM, name, null));
    }

    private static AuditEventAction actionCode(AuditAction action) {
        if (action == null) {
            return AuditEventAction.E;
        }
        return switch (action) {
            case READ -> AuditEventAction.R;
            case ENTRY, CONSENT_RECORDED -> AuditEventAction.C;
            case QUARANTINED, RELEASED, REPLAYED -> AuditEventAction.U;
            case RETRACTION_DUE -> AuditEventAction.D;
            default -> AuditEventAction.E;
        };
    }

    static AuditEventOutcome outcome(String outcome) {
        if (outcome == null) {
            return AuditEventOutcome._0;
        }
        return switch (outcome) {
            case "WITHHOLD" -> AuditEventOutcome._4;
            case AuditEntry.FAILURE -> AuditEventOutcome._8;
            default -> AuditEventOutcome._0;
        };
    }

    private static void agents(AuditEvent event, AuditRow row) {
        boolean byHub = row.actor() == null || AuditActor.HUB.equals(row.actor());
        if (!byHub) {
            AuditEventAgentComponent actor = event.addAgent();
            actor.setRequestor(true);
            actor.setWho(new Reference().setDisplay(row.actor()).setIdentifier(new Identifier()
                    .setSystem(row.purpose() != null ? CONSUMER_SYSTEM : CLIENT_SYSTEM).setValue(row.actor())));
            if (row.purpose() != null) {
                CodeableConcept purpose = new CodeableConcept();
                String actReason = switch (row.purpose()) {
                    case "direct-care" -> "TREAT";
                    case "navigator" -> "CAREMGT";
                    case "planning" -> "POPHLTH";
                    default -> null;
                };
                if (actReason != null) {
                    purpose.addCoding(new Coding(ACT_REASON, actReason, null));
                }
                purpose.addCoding(new Coding(PURPOSE_SYSTEM, row.purpose(), null));
                actor.addPurposeOfUse(purpose);
            }
        }
        AuditEventAgentComponent hub = event.addAgent();
        hub.setRequestor(byHub);
        hub.setWho(new Reference().setDisplay(HUB_NAME).setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(AuditActor.HUB)));
    }

    private static void resourceEntity(AuditEvent event, AuditRow row) {
        boolean hasDetail = row.rule() != null || row.agreementId() != null || row.category() != null || row.partner() != null
                || row.detail() != null;
        if (row.entityType() == null && !hasDetail) {
            return;
        }
        AuditEventEntityComponent entity = event.addEntity();
        if (row.entityType() != null) {
            entity.setWhat(what(row.entityType(), row.entityId(), row.entityVersion()));
            entity.setType(new Coding(ENTITY_TYPE, "2", "System Object"));
            entity.setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
        }
        detail(entity, "rule", row.rule());
        if (row.agreementId() != null) {
            detail(entity, "agreement", row.agreementId() + (row.agreementVersion() == null ? "" : "@" + row.agreementVersion()));
        }
        detail(entity, "category", row.category());
        detail(entity, "partner", row.partner());
        detail(entity, "detail", row.detail());
        if (row.category() != null) {
            entity.addSecurityLabel(new Coding(CATEGORY_SYSTEM, row.category(), null));
        }
        // a row about several resources: the first is the entity above, each of the others an entity of its own
        List<EntityRef> refs = EntityRef.split(row.entityRefs());
        for (EntityRef ref : refs.subList(Math.min(1, refs.size()), refs.size())) {
            AuditEventEntityComponent more = event.addEntity();
            more.setWhat(what(row.entityType(), ref.id(), ref.version()));
            more.setType(entity.getType()).setRole(entity.getRole());
        }
    }

    private static Reference what(String type, String id, String version) {
        if (isFhirType(type) && id != null) {
            return new Reference(type + "/" + id + (version == null ? "" : "/_history/" + version));
        }
        Reference what = new Reference().setDisplay(type + (id == null ? "" : "/" + id));
        if (id != null) {
            what.setIdentifier(new Identifier().setSystem(OBJECT_SYSTEM_BASE + type).setValue(id));
        }
        return what;
    }

    private static boolean isFhirType(String type) {
        try {
            ResourceType.fromCode(type);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void detail(AuditEventEntityComponent entity, String type, String value) {
        if (value != null) {
            entity.addDetail().setType(type).setValue(new StringType(value));
        }
    }
}
