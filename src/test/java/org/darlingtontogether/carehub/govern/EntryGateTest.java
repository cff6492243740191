package org.darlingtontogether.carehub.govern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.darlingtontogether.carehub.map.MappedMessage;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry step under the partnership's agreement: partner-wide labels are added, and what may not leave stays out. */
class EntryGateTest {

    static final Agreements REAL = new Agreements(Agreements.load(Path.of("agreements"), new AgreementReader(AgreementReaderTest.VOCABULARY)));
    static final Clock IN_FORCE = Clock.fixed(LocalDate.of(2026, 12, 1).atStartOfDay(ConsumerAccess.LOCAL).toInstant(), ConsumerAccess.LOCAL);

    final EntryGate gate = new EntryGate(REAL, new PartnerLabels(Map.of("tewv", List.of("mental-health"))), null, null, IN_FORCE);

    @TempDir
    Path folder;

    @Test
    void everythingFromTheMentalHealthTrustIsLabelledAndAdmitted() {
        Condition condition = new Condition();
        Patient patient = new Patient();
        EntryGate.Admission admission = gate.admit("tewv", message(write(patient, "tewv", "demographics"), write(condition, "tewv", "conditions")));
        assertThat(admission.decision().shared()).isTrue();
        assertThat(condition.getMeta().getSecurity(RecordMeta.SECURITY_SYSTEM, "mental-health")).isNotNull();
        assertThat(patient.getMeta().getSecurity(RecordMeta.SECURITY_SYSTEM, "mental-health")).isNotNull();
        assertThat(new Observation().getMeta().getSecurity()).isEmpty();
    }

    @Test
    void oneResourceThatMayNotLeaveWithholdsTheMessage() {
        Observation result = new Observation();
        RecordMeta.label(result, "sexual-health");
        EntryGate.Admission admission = gate.admit("cddft", message(write(new Patient(), "cddft", "demographics"), write(result, "cddft", "observations")));
        assertThat(admission.decision().describe()).isEqualTo("never-leaves:sexual-health (darlington-together-dsa@2026.1)");
        assertThat(admission.category()).isEqualTo("observations");
    }

    @Test
    void aSourceMayOnlySendWhatTheAgreementLetsItShare() {
        EntryGate.Admission admission = gate.admit("ccg", message(write(new Condition(), "ccg", "conditions")));
        assertThat(admission.decision().describe()).isEqualTo("no-rule:conditions (darlington-together-dsa@2026.1)");
    }

    @Test
    void noAgreementInForceAdmitsNothing() {
        EntryGate expired = new EntryGate(REAL, new PartnerLabels(Map.of()), null, null,
                Clock.fixed(LocalDate.of(2029, 4, 1).atStartOfDay(ConsumerAccess.LOCAL).toInstant(), ConsumerAccess.LOCAL));
        assertThat(expired.admit("cddft", message(write(new Patient(), "cddft", "demographics"))).decision().rule())
                .isEqualTo(Decision.NO_AGREEMENT);
    }

    @Test
    void theRepositorysPartnerLabelsLoadAndABadOneNamesFileAndLine() throws IOException {
        assertThat(PartnerLabels.read(Path.of("mappings", PartnerLabels.FILE))).containsEntry("tewv", List.of("mental-health"));
        Path file = folder.resolve(PartnerLabels.FILE);
        Files.writeString(file, "partners:\n  tewv: [mental-health]\n  cddft: [sexual]\n");
        assertThatThrownBy(() -> PartnerLabels.read(file)).isInstanceOf(AgreementLoadException.class)
                .hasMessageContaining(PartnerLabels.FILE + " line 3: partners.cddft[0]: 'sexual' is not a known category");
    }

    static RecordWrite write(Resource resource, String partner, String category) {
        resource.setId(category + "-1");
        return new RecordWrite(resource, "9990000018", partner, 1L, category);
    }

    static MappedMessage message(RecordWrite... writes) {
        return new MappedMessage(List.of(writes), List.of());
    }
}
