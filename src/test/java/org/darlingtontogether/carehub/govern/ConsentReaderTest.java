package org.darlingtontogether.carehub.govern;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Test;

/** The Consent profile: what each part of a Consent makes of a directive, and what is refused. */
class ConsentReaderTest {

    final ConsentReader reader = new ConsentReader(AgreementReaderTest.VOCABULARY);

    @Test
    void aBareDenyIsAnObjectionToAllSharing() {
        ConsentReader.Reading reading = reader.read(Consents.objection("9990000018"), "Consent/a");
        assertThat(reading.problems()).isEmpty();
        assertThat(reading.directives()).containsExactly(new Directive(Directive.Kind.OBJECTION, "Consent/a", null, null, null, null,
                LocalDate.of(2026, 6, 1), null, "RXP", false));
    }

    @Test
    void aPermitNarrowedToConsumerCategorySourceAndPeriod() {
        Consent consent = Consents.during(Consents.fromSource(Consents.ofCategory(Consents.toConsumer(
                Consents.explicitConsent("9990000018"), "mdt-high-impact"), "mental-health"), "tewv"), "2026-07-01", "2026-12-31");
        ConsentReader.Reading reading = reader.read(consent, "Consent/b");
        assertThat(reading.problems()).isEmpty();
        assertThat(reading.directives()).containsExactly(new Directive(Directive.Kind.EXPLICIT_CONSENT, "Consent/b", "tewv",
                "mdt-high-impact", "mental-health", null, LocalDate.of(2026, 7, 1), LocalDate.of(2026, 12, 31), "RXP", false));
    }

    @Test
    void severalActorsOrLabelsMakeOneDirectiveEach() {
        Consent consent = Consents.ofCategory(Consents.ofCategory(Consents.toConsumer(Consents.toConsumer(
                Consents.objection("9990000018"), "navigator"), "planning"), "social-care"), "conditions");
        assertThat(reader.read(consent, "Consent/c").directives()).hasSize(4)
                .extracting(d -> d.consumer() + "/" + d.category())
                .containsExactlyInAnyOrder("navigator/social-care", "navigator/conditions", "planning/social-care", "planning/conditions");
    }

    @Test
    void inactiveOrRejectedIsAWithdrawal() {
        Consent consent = Consents.forPurpose(Consents.explicitConsent("9990000018"), "navigator");
        consent.setStatus(Consent.ConsentState.INACTIVE);
        assertThat(reader.read(consent, "Consent/d").directives()).singleElement()
                .satisfies(d -> {
                    assertThat(d.withdrawn()).isTrue();
                    assertThat(d.purpose()).isEqualTo("navigator");
                });
        consent.setStatus(Consent.ConsentState.REJECTED);
        assertThat(reader.read(consent, "Consent/d").directives()).singleElement().satisfies(d -> assertThat(d.withdrawn()).isTrue());
    }

    @Test
    void draftsAndEntriesInErrorAreNoDirective() {
        Consent consent = Consents.objection("9990000018");
        consent.setStatus(Consent.ConsentState.ENTEREDINERROR);
        assertThat(reader.read(consent, "Consent/e").directives()).isEmpty();
        consent.setStatus(Consent.ConsentState.DRAFT);
        assertThat(reader.read(consent, "Consent/e").directives()).isEmpty();
    }

    @Test
    void anUnreadableDenyObjectsToEverythingAndAnUnreadablePermitGrantsNothing() {
        Consent deny = Consents.toConsumer(Consents.objection("9990000018"), "nobody-we-know");
        ConsentReader.Reading denied = reader.read(deny, "Consent/f");
        assertThat(denied.problems()).singleElement().asString().contains("provision.actor[0]").contains("nobody-we-know");
        assertThat(denied.directives()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Directive.Kind.OBJECTION);
            assertThat(d.consumer()).isNull();
            assertThat(d.category()).isNull();
        });

        Consent permit = Consents.ofCategory(Consents.explicitConsent("9990000018"), "psychiatry");
        ConsentReader.Reading permitted = reader.read(permit, "Consent/g");
        assertThat(permitted.problems()).singleElement().asString().contains("is not a data category");
        assertThat(permitted.directives()).isEmpty();
    }

    @Test
    void theProfileNeedsScopeRecorderAndType() {
        Consent consent = new Consent();
        consent.setStatus(Consent.ConsentState.ACTIVE);
        consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "research", null)));
        assertThat(reader.read(consent, "Consent/h").problems()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("Consent.scope"))
                .anySatisfy(p -> assertThat(p).contains("who recorded it"))
                .anySatisfy(p -> assertThat(p).contains("provision.type"));
    }

    @Test
    void v3SensitivityLabelsAndActReasonsAreUnderstood() {
        Consent consent = Consents.objection("9990000018");
        consent.getProvision().addSecurityLabel(new Coding(ConsentProfile.ACT_CODE_SYSTEM, "PSY", null));
        consent.getProvision().addPurpose(new Coding(ConsentProfile.ACT_REASON_SYSTEM, "HOPERAT", null));
        assertThat(reader.read(consent, "Consent/i").directives()).singleElement()
                .satisfies(d -> assertThat(d.category() + "/" + d.purpose()).isEqualTo("mental-health/planning"));
    }
}
