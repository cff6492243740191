package org.darlingtontogether.carehub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The from and to the audit API takes: Europe/London dates or instants with their offset. */
class AuditTimesTest {

    @Test
    void theApiTakesLondonDatesOrInstantsAndSaysWhatIsWrongOtherwise() {
        // summer: a London day starts at 23:00 UTC the day before
        assertThat(AuditTimes.from("2026-07-01")).isEqualTo(Instant.parse("2026-06-30T23:00:00Z"));
        assertThat(AuditTimes.to("2026-07-01")).isEqualTo(Instant.parse("2026-07-01T23:00:00Z"));
        assertThat(AuditTimes.from("2026-12-01")).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(AuditTimes.from("2026-07-01T10:00:00+01:00")).isEqualTo(Instant.parse("2026-07-01T09:00:00Z"));
        assertThat(AuditTimes.to("2026-12-01T09:00:00Z")).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(AuditTimes.from(null)).isNull();
        assertThat(AuditTimes.to(" ")).isNull();
        assertThatThrownBy(() -> AuditTimes.from("01/12/2026")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("from must be an ISO date");
        assertThatThrownBy(() -> AuditTimes.to("2026-12-01T09:00:00")).as("an instant needs its offset")
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to must be");
        assertThatThrownBy(() -> AuditTimes.checkWindow(Instant.parse("2026-12-02T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")))
                .hasMessage("from must be before to");
    }
}
