package org.darlingtontogether.carehub.api;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** Stored versions parsed once and handed out as copies: each caller's own, never another text's. */
class ParsedResourcesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Instant WHEN = Instant.parse("2026-12-01T10:00:00Z");

    private final ParsedResources parsed = new ParsedResources(FHIR, 1_000_000);

    @Test
    void aStoredVersionComesBackWithItsIdVersionAndTimeAndEachCallerGetsItsOwnCopy() {
        StoredResource stored = observation("obs-1", 3, "72");

        Observation first = (Observation) parsed.of(stored);
        assertThat(first.getIdElement().getValue()).isEqualTo("Observation/obs-1/_history/3");
        assertThat(first.getMeta().getVersionId()).isEqualTo("3");
        assertThat(first.getMeta().getLastUpdated().toInstant()).isEqualTo(WHEN);
        assertThat(first.getValueQuantity().getValue()).isEqualByComparingTo("72");

        first.getValueQuantity().setValue(999);
        first.getMeta().addSecurity().setCode("changed-by-a-caller");
        Observation second = (Observation) parsed.of(stored);
        assertThat(second).isNotSameAs(first);
        assertThat(second.getValueQuantity().getValue()).as("a caller's change stays its own").isEqualByComparingTo("72");
        assertThat(second.getMeta().getSecurity()).isEmpty();
    }

    @Test
    void anotherTextUnderTheSameIdAndVersionIsParsedAfresh() {
        assertThat(((Observation) parsed.of(observation("obs-2", 1, "60"))).getValueQuantity().getValue()).isEqualByComparingTo("60");
        assertThat(((Observation) parsed.of(observation("obs-2", 1, "61"))).getValueQuantity().getValue()).isEqualByComparingTo("61");
        assertThat(((Observation) parsed.of(observation("obs-2", 2, "60"))).getMeta().getVersionId()).isEqualTo("2");
    }

    @Test
    void withTheCacheOffEveryReadIsAParse() {
        ParsedResources off = new ParsedResources(FHIR, 0);
        StoredResource stored = observation("obs-3", 1, "80");
        assertThat(off.of(stored)).isNotSameAs(off.of(stored));
        assertThat(((Observation) off.of(stored)).getValueQuantity().getValue()).isEqualByComparingTo("80");
    }

    private static StoredResource observation(String id, int version, String value) {
        String json = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"heart rate\"},"
                + "\"valueQuantity\":{\"value\":" + value + ",\"unit\":\"/min\"}}";
        return new StoredResource("Observation", id, "9434765919", version, "cddft", 1L, "observations", false, WHEN, json);
    }
}
