package org.darlingtontogether.carehub.process;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.map.CsvMapper;
import org.darlingtontogether.carehub.parse.CsvRowPayload;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.junit.jupiter.api.Test;

/** A stored CSV row as processing sees it: identified by its extract's NHS number column, checked, mapped. */
class CsvInboxFormatTest {

    private static final List<String> HEADER = List.of("nhs_number", "risk_score", "risk_band", "model", "calculated_on",
            "gp_practice_code");
    private final CsvInboxFormat format;

    CsvInboxFormatTest() {
        CarehubProperties properties = new CarehubProperties();
        properties.getRecord().setIdSecret("csv-inbox-format-test");
        properties.getMappings().setLocation(Path.of("mappings"));
        format = new CsvInboxFormat(new CsvMapper(properties, new ResourceIds(properties, null), FhirContext.forR4Cached()));
    }

    @Test
    void aGoodRowIsMappedForItsPerson() {
        Prepared prepared = format.prepare(entry(List.of("943-476-5919", "12.5", "LOW", "PARR30", "2026-01-01", ""), null));
        assertThat(prepared.state()).isEqualTo(InboxState.PROCESSED);
        assertThat(prepared.mapped().writes()).singleElement()
                .satisfies(w -> assertThat(w.nhsNumber()).isEqualTo("9434765919"))
                .satisfies(w -> assertThat(w.resource().fhirType()).isEqualTo("RiskAssessment"));
    }

    @Test
    void noValidNhsNumberIsQuarantinedAndATracedOneReleasesIt() {
        List<String> row = List.of("", "12.5", "LOW", "PARR30", "2026-01-01", "");
        Prepared quarantined = format.prepare(entry(row, null));
        assertThat(quarantined.state()).isEqualTo(InboxState.QUARANTINED);
        assertThat(quarantined.reason()).isEqualTo("NHS number is missing (column nhs_number)");
        assertThat(format.prepare(entry(row, "9434765919")).state()).isEqualTo(InboxState.PROCESSED);
    }

    @Test
    void aRowReplayedWhileStillWrongStaysFailedWithTheReason() {
        Prepared prepared = format.prepare(entry(List.of("9434765919", "high", "LOW", "PARR30", "2026-01-01", ""), null));
        assertThat(prepared.state()).isEqualTo(InboxState.FAILED);
        assertThat(prepared.reason()).isEqualTo("risk_score is not a number");
        assertThat(prepared.mapped()).isNull();
    }

    private static InboxEntry entry(List<String> values, String override) {
        return new InboxEntry(5, "ccg", "ccg_risk_20260101.csv#2", "CSV", "ccg-risk", Instant.now(), InboxState.RECEIVED,
                null, override, 0, Instant.now(), CsvRowPayload.encode(HEADER, values));
    }
}
