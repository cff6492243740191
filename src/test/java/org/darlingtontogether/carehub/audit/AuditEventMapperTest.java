package org.darlingtontogether.carehub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** Audit rows as FHIR AuditEvents (BALP where it fits). */
class AuditEventMapperTest {

    static final Instant AT = Instant.parse("2026-12-01T09:30:00.123456Z");

    @Test
    void aWithheldReadIsARestReadWithAMinorFailureNamingTheRuleAndAgreement() {
        AuditEvent event = AuditEventMapper.toAuditEvent(row(7, "READ", "navigator", "navigator", "9434765919", "Condition", "c-1", "2",
                "mental-health", "WITHHOLD", "no-explicit-consent"));

        assertThat(event.getIdElement().getIdPart()).isEqualTo("7");
        assertThat(event.getType().getSystem()).isEqualTo(AuditEventMapper.EVENT_TYPE_SYSTEM);
        assertThat(event.getType().getCode()).isEqualTo("rest");
        assertThat(event.getSubtype()).extracting(c -> c.getCode()).containsExactly("read", "READ");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
        assertThat(event.getOutcomeDesc()).isEqualTo("no-explicit-consent");
        assertThat(event.getRecorded().toInstant()).isEqualTo(Instant.parse("2026-12-01T09:30:00.123Z"));
        assertThat(event.getAgent()).hasSize(2);
        AuditEvent.AuditEventAgentComponent consumer = event.getAgentFirstRep();
        assertThat(consumer.getRequestor()).isTrue();
        assertThat(consumer.getWho().getIdentifier().getValue()).isEqualTo("navigator");
        assertThat(consumer.getPurposeOfUseFirstRep().getCoding()).extracting(c -> c.getCode()).containsExactly("CAREMGT", "navigator");
        assertThat(event.getAgent().get(1).getRequestor()).isFalse();
        assertThat(event.getSource().getObserver().getIdentifier().getValue()).isEqualTo("hub");

        AuditEvent.AuditEventEntityComponent resource = event.getEntity().get(0);
        assertThat(resource.getWhat().getReference()).isEqualTo("Condition/c-1/_history/2");
        assertThat(resource.getDetail()).extracting(d -> d.getType() + "=" + ((StringType) d.getValue()).getValue())
                .contains("rule=no-explicit-consent", "agreement=darlington-together-dsa@2026.1", "category=mental-health", "partner=tewv");
        AuditEvent.AuditEventEntityComponent person = event.getEntity().get(1);
        assertThat(person.getWhat().getIdentifier().getSystem()).isEqualTo("https://fhir.nhs.uk/Id/nhs-number");
        assertThat(person.getWhat().getIdentifier().getValue()).isEqualTo("9434765919");
        assertThat(person.getRole().getCode()).isEqualTo("1");
        assertThat(person.getType().getCode()).isEqualTo("1");
    }

    @Test
    void deliveriesAreExportsAndHubWorkHasTheHubAsItsOnlyAgent() {
        AuditEvent delivered = AuditEventMapper.toAuditEvent(row(8, "DELIVERED", "care-hub", "direct-care", "9434765919", "Encounter", "e-1",
                "1", "encounters", "SUCCESS", null));
        assertThat(delivered.getType().getCode()).isEqualTo("110106");
        assertThat(delivered.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
        assertThat(delivered.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(delivered.getAgentFirstRep().getPurposeOfUseFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");

        AuditEvent quarantined = AuditEventMapper.toAuditEvent(row(9, "QUARANTINED", null, null, null, "InboxMessage", "42", null, null, null,
                "no-nhs-number"));
        assertThat(quarantined.getType().getCode()).isEqualTo("110110");
        assertThat(quarantined.getAction()).isEqualTo(AuditEvent.AuditEventAction.U);
        assertThat(quarantined.getAgent()).singleElement().satisfies(a -> {
            assertThat(a.getRequestor()).isTrue();
            assertThat(a.getWho().getIdentifier().getValue()).isEqualTo("hub");
        });
        assertThat(quarantined.getEntity()).singleElement().satisfies(e -> {
            assertThat(e.getWhat().getReference()).isNull();
            assertThat(e.getWhat().getIdentifier().getValue()).isEqualTo("42");
            assertThat(e.getWhat().getIdentifier().getSystem()).endsWith("/Id/InboxMessage");
        });

        AuditEvent failed = AuditEventMapper.toAuditEvent(row(10, "DELIVERY_FAILED", "care-hub", "direct-care", "9434765919", "Encounter",
                "e-1", "1", "encounters", "FAILURE", "http 500"));
        assertThat(failed.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._8);
        AuditEvent consent = AuditEventMapper.toAuditEvent(row(11, "CONSENT_RECORDED", "ig-lead", null, "9434765919", "Consent", "c-9", "1",
                null, "SUCCESS", null));
        assertThat(consent.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
        assertThat(consent.getAgentFirstRep().getWho().getIdentifier().getSystem()).isEqualTo(AuditEventMapper.CLIENT_SYSTEM);
    }

    static AuditRow row(long id, String action, String actor, String purpose, String nhs, String type, String entityId, String version,
                        String category, String outcome, String rule) {
        return new AuditRow(id, AT, action, actor, purpose, "tewv", nhs, type, entityId, version, category, outcome, rule,
                category == null ? null : "darlington-together-dsa", category == null ? null : "2026.1", null, null, null, null, null, null, null);
    }
}
