package org.darlingtontogether.carehub.govern;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.audit.AuditProperties;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * When an agreement version ends, what consumers were shown under it becomes due for retraction (once), and only
 * for the consumers that were shown it; what another agreement still shares is not retracted.
 */
class AgreementEndingTest {

    static final String NHS = "9990000018";
    static final LocalDate LAST_DAY = LocalDate.of(2026, 6, 30);

    Agreement ending;
    Agreement continuing;
    JdbcClient jdbc;
    SharedRecordStore store;
    DecisionLog decisions;
    CarehubProperties properties;
    FhirContext fhir = FhirContext.forR4Cached();

    @BeforeEach
    void record() {
        DataSource dataSource = TestDatabases.h2();
        JdbcTemplate template = new JdbcTemplate(dataSource);
        jdbc = JdbcClient.create(template);
        store = new SharedRecordStore(template, fhir);
        decisions = new DecisionLog(new AuditTrail(template, new AuditProperties()), JdbcClient.create(template));
        properties = new CarehubProperties();
        Map<String, CarehubProperties.Consumer> consumers = new LinkedHashMap<>();
        for (String id : List.of("care-hub", "mdt-frail-elderly")) {
            CarehubProperties.Consumer consumer = new CarehubProperties.Consumer();
            consumer.setClientSecret("{noop}x");
            consumers.put(id, consumer);
        }
        properties.setConsumers(consumers);
        ending = new Agreement("old-dsa", "1", null, LocalDate.of(2026, 1, 1), LAST_DAY, Vocabulary.PARTNERS,
                List.of(new SharingRule("everything", "cddft", Set.of("demographics", "encounters"), Set.of("care-hub", "mdt-frail-elderly"),
                        "direct-care", "x", ConsentModel.IMPLIED_WITH_OBJECTION)), Set.of("sexual-health"), "old.yml");
        continuing = new Agreement("new-dsa", "1", null, LocalDate.of(2026, 1, 1), null, Vocabulary.PARTNERS,
                List.of(new SharingRule("demographics", "cddft", Set.of("demographics"), Set.of("care-hub"),
                        "direct-care", "x", ConsentModel.IMPLIED_WITH_OBJECTION)), Set.of("sexual-health"), "new.yml");

        Patient patient = new Patient();
        patient.setId("pt");
        RecordMeta.stamp(patient, RecordMeta.source("cddft", "1"), "demographics");
        store.write(new RecordWrite(patient, NHS, "cddft", 1, "demographics"));
        Encounter encounter = new Encounter();
        encounter.setId("enc");
        RecordMeta.stamp(encounter, RecordMeta.source("cddft", "1"), "encounters");
        store.write(new RecordWrite(encounter, NHS, "cddft", 1, "encounters"));
    }

    ConsumerAccess on(LocalDate date) {
        Clock clock = Clock.fixed(date.atStartOfDay(ConsumerAccess.LOCAL).plusHours(12).toInstant(), ConsumerAccess.LOCAL);
        return new ConsumerAccess(new Agreements(List.of(ending, continuing)), new PersonDirectivesSource(store, fhir, properties,
                new NationalOptOut(Path.of("no-such-opt-out-file"))), decisions, properties, clock);
    }

    List<GovernedRecord> everything() {
        return store.forPerson(NHS, null).stream().map(r -> GovernedRecord.of(r, fhir.newJsonParser().parseResource(r.content()))).toList();
    }

    @Test
    void whatWasSharedUnderAnEndedVersionIsDueForRetractionOnce() {
        // on the last day, care-hub reads the person's record: both shared, under the old agreement (first in order)
        assertThat(on(LAST_DAY).visible("care-hub", "direct-care", everything(), DecisionLog.Stage.READ)).hasSize(2);

        ConsumerAccess nextDay = on(LAST_DAY.plusDays(1));
        assertThat(nextDay.visible("care-hub", "direct-care", everything(), DecisionLog.Stage.READ))
                .as("the API answer changes at once").extracting(GovernedRecord::reference).containsExactly("Patient/pt");
        AgreementEndings endings = new AgreementEndings(new Agreements(List.of(ending, continuing)),
                new Retractions(decisions, new RetractionLog(jdbc), store, fhir, nextDay), jdbc, nextDay);
        endings.sweep();

        List<RetractionLog.Due> due = new RetractionLog(jdbc).pending("care-hub");
        assertThat(due).singleElement().satisfies(d -> {
            assertThat(d.resourceType() + "/" + d.resourceId()).isEqualTo("Encounter/enc");
            assertThat(d.rule()).isEqualTo("no-rule:encounters");
            assertThat(d.reason()).isEqualTo("agreement old-dsa@1 ended on 2026-06-30");
        });
        assertThat(new RetractionLog(jdbc).pending("mdt-frail-elderly")).as("never shown anything").isEmpty();

        endings.sweep();
        assertThat(new RetractionLog(jdbc).pending("care-hub")).as("swept once").hasSize(1);
    }

    @Test
    void aPartnersConsentStoredThroughItsFeedMakesRetractionsDueAtOnce() {
        ConsumerAccess today = on(LAST_DAY);
        assertThat(today.visible("care-hub", "direct-care", everything(), DecisionLog.Stage.READ)).hasSize(2);

        // what a feed (the mental health trust's Consents, the council's objection codes) writes, through the processor's hook
        org.hl7.fhir.r4.model.Consent objection = Consents.toConsumer(Consents.objection(NHS), "care-hub");
        objection.setId("council-objection");
        RecordWrite consent = new RecordWrite(objection, NHS, "dbc", 7, Vocabulary.CONSENT_CATEGORY);
        store.write(consent);
        new EntryGate(new Agreements(List.of(ending, continuing)), new PartnerLabels(Map.of()), decisions,
                new Retractions(decisions, new RetractionLog(jdbc), store, fhir, today)).stored(List.of(consent));

        assertThat(new RetractionLog(jdbc).pending("care-hub")).extracting(d -> d.resourceType() + "/" + d.resourceId() + " " + d.rule())
                .containsExactlyInAnyOrder("Patient/pt objection:Consent/council-objection", "Encounter/enc objection:Consent/council-objection");
        assertThat(today.visible("care-hub", "direct-care", everything(), DecisionLog.Stage.READ)).as("the API answer changes at once").isEmpty();
        assertThat(today.visible("mdt-frail-elderly", "direct-care", everything(), DecisionLog.Stage.READ)).as("objection to care-hub only")
                .hasSize(2);
    }

    @Test
    void anAgreementStillInForceIsNotSwept() {
        on(LAST_DAY).visible("care-hub", "direct-care", everything(), DecisionLog.Stage.READ);
        ConsumerAccess lastDay = on(LAST_DAY);
        new AgreementEndings(new Agreements(List.of(ending, continuing)), new Retractions(decisions, new RetractionLog(jdbc), store, fhir, lastDay),
                jdbc, lastDay).sweep();
        assertThat(new RetractionLog(jdbc).pending("care-hub")).isEmpty();
    }
}
