package org.darlingtontogether.carehub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Audit search and reports on a real database: the counts an IG lead sees, from rows seeded through the trail. */
abstract class AuditReportsContract {

    static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z"); // winter: London is UTC
    static final Instant NEXT_DAY = DAY.plus(Duration.ofDays(1));
    static final String ALICE = "9434765919";
    static final String BOB = "9434765870";

    JdbcTemplate template;
    AuditProperties properties;
    AuditReportSettings settings;
    AuditSearch search;
    AuditReports reports;

    abstract DataSource dataSource();

    @BeforeEach
    void start() {
        template = new JdbcTemplate(dataSource());
        properties = new AuditProperties();
        settings = new AuditReportSettings();
        search = new AuditSearch(template, new DataSourceTransactionManager(dataSource()));
        reports = new AuditReports(JdbcClient.create(template), settings);
    }

    @Test
    void sharingCountsDecisionsByPartnerConsumerCategoryAndRuleAndQuarantinesByPartner() {
        Instant at = DAY.plus(Duration.ofHours(10));
        append(at,
                entry("cddft", "encounters", "SHARE", "shared-by:cddft"),
                entry("cddft", "encounters", "SHARE", "shared-by:cddft"),
                entry("dbc", "social-care", "WITHHOLD", "not-shared-by:dbc"),
                decision(AuditAction.READ, "care-hub", ALICE, "cddft", "encounters", "SHARE", "granted"),
                decision(AuditAction.READ, "care-hub", ALICE, "cddft", "encounters", "SHARE", "granted"),
                decision(AuditAction.READ, "care-hub", BOB, "cddft", "encounters", "SHARE", "granted"),
                decision(AuditAction.READ, "navigator", BOB, "cddft", "encounters", "WITHHOLD", "no-explicit-consent"),
                decision(AuditAction.DELIVERY, "mdt-frail-elderly", ALICE, "tewv", "conditions", "SHARE", "granted"),
                // not decisions the report counts
                decision(AuditAction.RECHECK, "care-hub", ALICE, "cddft", "encounters", "WITHHOLD", "objection"),
                decision(AuditAction.DELIVERED, "mdt-frail-elderly", ALICE, "tewv", "conditions", "SUCCESS", null),
                AuditEntry.of(AuditAction.QUARANTINED).partner("cddft").entity("InboxMessage", "1", null).outcome(null, "no-nhs-number"),
                AuditEntry.of(AuditAction.QUARANTINED).partner("cddft").entity("InboxMessage", "2", null).outcome(null, "invalid-nhs-number"),
                AuditEntry.of(AuditAction.QUARANTINED).partner("dbc").entity("InboxMessage", "3", null).outcome(null, "no-nhs-number"));
        // outside the window
        append(DAY.minusSeconds(1), decision(AuditAction.READ, "care-hub", ALICE, "cddft", "encounters", "SHARE", "granted"));
        append(NEXT_DAY, decision(AuditAction.READ, "care-hub", ALICE, "cddft", "encounters", "SHARE", "granted"));

        AuditReports.Sharing sharing = reports.sharing(DAY, NEXT_DAY);

        assertThat(sharing.byPartner()).extracting(AuditReports.Count::key, AuditReports.Count::shared, AuditReports.Count::withheld)
                .containsExactly(tuple("cddft", 5L, 1L), tuple("dbc", 0L, 1L), tuple("tewv", 1L, 0L));
        assertThat(sharing.byConsumer()).extracting(AuditReports.Count::key, AuditReports.Count::shared, AuditReports.Count::withheld)
                .containsExactly(tuple("care-hub", 3L, 0L), tuple("mdt-frail-elderly", 1L, 0L), tuple("navigator", 0L, 1L));
        assertThat(sharing.byCategory()).extracting(AuditReports.Count::key, AuditReports.Count::shared, AuditReports.Count::withheld)
                .containsExactly(tuple("conditions", 1L, 0L), tuple("encounters", 5L, 1L), tuple("social-care", 0L, 1L));
        assertThat(sharing.byRule()).extracting(AuditReports.Count::key, AuditReports.Count::shared, AuditReports.Count::withheld)
                .containsExactly(tuple("granted", 4L, 0L), tuple("no-explicit-consent", 0L, 1L), tuple("not-shared-by:dbc", 0L, 1L),
                        tuple("shared-by:cddft", 2L, 0L));
        assertThat(sharing.quarantinedByPartner()).extracting(AuditReports.Quarantined::partner, AuditReports.Quarantined::quarantined)
                .containsExactly(tuple("cddft", 2L), tuple("dbc", 1L));
    }

    @Test
    void sharingPerDayCountsReadsAndDeliveriesPerLondonDateWithEmptyDaysListed() {
        // summer: London is UTC+1, so 23:30 UTC is the next day there
        Instant from = Instant.parse("2026-06-30T23:00:00Z"); // 1 July 00:00 in London
        Instant to = Instant.parse("2026-07-03T23:00:00Z");   // 4 July 00:00 in London
        append(Instant.parse("2026-07-01T22:30:00Z"), decision(AuditAction.READ, "care-hub", ALICE, "cddft", "encounters", "SHARE", "granted"));
        append(Instant.parse("2026-07-01T23:30:00Z"), decision(AuditAction.READ, "navigator", ALICE, "cddft", "encounters", "WITHHOLD", "no-consent"));
        append(Instant.parse("2026-07-02T12:00:00Z"),
                decision(AuditAction.DELIVERY, "care-hub", ALICE, "cddft", "encounters", "SHARE", "granted"),
                decision(AuditAction.DELIVERY, "care-hub", BOB, "cddft", "encounters", "SHARE", "granted"),
                entry("cddft", "encounters", "SHARE", "shared-by:cddft"));
        append(Instant.parse("2026-06-30T22:59:59Z"), decision(AuditAction.READ, "care-hub", ALICE, "cddft", "encounters", "SHARE", "granted"));

        assertThat(reports.sharingPerDay(from, to)).containsExactly(
                new AuditReports.Day(LocalDate.parse("2026-07-01"), 1, 0),
                new AuditReports.Day(LocalDate.parse("2026-07-02"), 2, 1),
                new AuditReports.Day(LocalDate.parse("2026-07-03"), 0, 0));
    }

    @Test
    void subjectAccessListsWhoReadOrWasSentWhatAboutOnePersonNewestFirst() {
        append(DAY.plusSeconds(60), decision(AuditAction.READ, "care-hub", ALICE, "cddft", "encounters", "SHARE", "granted"),
                entry("cddft", "encounters", "SHARE", "shared-by:cddft").person(ALICE));
        append(DAY.plusSeconds(120), decision(AuditAction.DELIVERY, "mdt-frail-elderly", ALICE, "cddft", "encounters", "WITHHOLD", "objection"),
                decision(AuditAction.READ, "care-hub", BOB, "cddft", "encounters", "SHARE", "granted"));
        append(DAY.plusSeconds(180), decision(AuditAction.DELIVERED, "care-hub", ALICE, "cddft", "encounters", "SUCCESS", null),
                decision(AuditAction.RETRACTION_DUE, "care-hub", ALICE, "cddft", "encounters", null, "objection:Consent/c1"));

        List<AuditReports.Access> access = reports.subjectAccess(ALICE, DAY, NEXT_DAY);

        assertThat(access).extracting(AuditReports.Access::action, AuditReports.Access::consumer, AuditReports.Access::outcome,
                        AuditReports.Access::rule)
                .containsExactly(tuple("RETRACTION_DUE", "care-hub", null, "objection:Consent/c1"),
                        tuple("DELIVERED", "care-hub", "SUCCESS", null),
                        tuple("DELIVERY", "mdt-frail-elderly", "WITHHOLD", "objection"),
                        tuple("READ", "care-hub", "SHARE", "granted"));
        AuditReports.Access read = access.get(3);
        assertThat(read.when()).isEqualTo(DAY.plusSeconds(60));
        assertThat(read.purpose()).isEqualTo("direct-care");
        assertThat(read.resourceType()).isEqualTo("Encounter");
        assertThat(read.resourceId()).isEqualTo("enc-1");
        assertThat(read.resourceVersion()).isEqualTo("3");
        assertThat(reports.subjectAccess(ALICE, NEXT_DAY, NEXT_DAY.plusSeconds(60))).isEmpty();
    }

    @Test
    void unusualAccessFlagsAConsumerReadingFarMorePeopleThanItsUsualMedian() {
        for (int day = 1; day <= AuditReports.USUAL_DAYS; day++) {
            Instant at = DAY.minus(Duration.ofDays(day)).plus(Duration.ofHours(12));
            List<AuditEntry> rows = new ArrayList<>();
            rows.addAll(reads("care-hub", 5, 0));
            rows.addAll(reads("mdt-high-impact", 10, 0));
            rows.addAll(reads("care-hub", 5, 0)); // the same people again: distinct people count
            append(at, rows.toArray(AuditEntry[]::new));
        }
        // one day of 40 people on a single day before the window does not move the median
        append(DAY.minus(Duration.ofDays(3)).plus(Duration.ofHours(13)), reads("care-hub", 40, 100).toArray(AuditEntry[]::new));
        // older than the 28 days: not part of the usual
        append(DAY.minus(Duration.ofDays(29)).plus(Duration.ofHours(12)), reads("navigator", 50, 0).toArray(AuditEntry[]::new));

        append(DAY.plus(Duration.ofHours(9)), reads("care-hub", 30, 0).toArray(AuditEntry[]::new));
        append(DAY.plus(Duration.ofHours(10)), reads("mdt-high-impact", 25, 0).toArray(AuditEntry[]::new));
        append(DAY.plus(Duration.ofHours(11)), reads("navigator", 10, 0).toArray(AuditEntry[]::new));

        List<AuditReports.Unusual> unusual = reports.unusualAccess(DAY, NEXT_DAY);

        assertThat(unusual).extracting(AuditReports.Unusual::consumer, AuditReports.Unusual::peopleRead, AuditReports.Unusual::usualPerDay,
                        AuditReports.Unusual::ratio, AuditReports.Unusual::flagged)
                .containsExactly(tuple("care-hub", 30L, 5.0, 6.0, true),
                        tuple("mdt-high-impact", 25L, 10.0, 2.5, false),
                        tuple("navigator", 10L, 0.0, null, false));

        // the settings: a lower minimum flags the navigator (no usual at all), a higher factor spares the care hub
        settings.setMinimum(10);
        settings.setFactor(7);
        assertThat(reports.unusualAccess(DAY, NEXT_DAY)).extracting(AuditReports.Unusual::consumer, AuditReports.Unusual::flagged)
                .containsExactly(tuple("care-hub", false), tuple("mdt-high-impact", false), tuple("navigator", true));

        // a two-day window halves the daily rate
        AuditReports.Unusual twoDays = reports.unusualAccess(DAY, NEXT_DAY.plus(Duration.ofDays(1))).get(0);
        assertThat(twoDays.perDay()).isEqualTo(15.0);
    }

    @Test
    void searchPagesNewestFirstByIdAndFiltersEveryField() {
        append(DAY.plusSeconds(1), decision(AuditAction.READ, "care-hub", ALICE, "cddft", "encounters", "SHARE", "granted"));
        append(DAY.plusSeconds(2), decision(AuditAction.READ, "navigator", ALICE, "tewv", "mental-health", "WITHHOLD", "no-consent"));
        append(DAY.plusSeconds(3), decision(AuditAction.DELIVERY, "care-hub", BOB, "cddft", "encounters", "SHARE", "granted"));
        append(DAY.plusSeconds(4), decision(AuditAction.READ, "care-hub", BOB, "dbc", "social-care", "SHARE", "granted"));
        append(NEXT_DAY, decision(AuditAction.READ, "care-hub", BOB, "dbc", "social-care", "SHARE", "granted"));

        AuditSearch.Filter day = new AuditSearch.Filter(DAY, NEXT_DAY, null, null, null, null, null, null);
        List<AuditRow> first = search.page(day, null, 3);
        assertThat(first).extracting(AuditRow::recordedAt).containsExactly(DAY.plusSeconds(4), DAY.plusSeconds(3), DAY.plusSeconds(2));
        List<AuditRow> second = search.page(day, first.get(2).id(), 3);
        assertThat(second).extracting(AuditRow::recordedAt).containsExactly(DAY.plusSeconds(1));

        assertThat(search.page(new AuditSearch.Filter(null, null, ALICE, null, null, null, null, null), null, 10)).hasSize(2);
        assertThat(search.page(new AuditSearch.Filter(DAY, NEXT_DAY, BOB, "care-hub", "READ", "SHARE", "dbc", "social-care"), null, 10))
                .singleElement().satisfies(row -> {
                    assertThat(row.recordedAt()).isEqualTo(DAY.plusSeconds(4));
                    assertThat(row.chainSeq()).as("not sealed yet, found all the same").isNull();
                });
        assertThat(search.page(new AuditSearch.Filter(null, null, null, null, null, "WITHHOLD", null, null), null, 10))
                .extracting(AuditRow::actor).containsExactly("navigator");
        assertThatThrownBy(() -> search.page(day, null, AuditSearch.MAX_PAGE + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> search.page(day, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamHandsOverEveryMatchingRowInIdOrder() {
        int rows = AuditSearch.FETCH_SIZE * 2 + 7; // more than one fetch
        append(DAY.plusSeconds(5), reads("care-hub", rows, 0).toArray(AuditEntry[]::new));
        append(DAY.plusSeconds(6), decision(AuditAction.READ, "navigator", ALICE, "tewv", "mental-health", "WITHHOLD", "no-consent"));

        List<Long> ids = new ArrayList<>();
        long count = search.stream(new AuditSearch.Filter(null, null, null, "care-hub", null, null, null, null), row -> ids.add(row.id()));

        assertThat(count).isEqualTo(rows);
        assertThat(ids).hasSize(rows).isSorted();
        assertThat(search.stream(AuditSearch.Filter.any(), row -> { })).isEqualTo(rows + 1L);
    }

    void append(Instant at, AuditEntry... entries) {
        new AuditTrail(template, properties, Clock.fixed(at, ZoneOffset.UTC)).append(List.of(entries));
    }

    static AuditEntry entry(String partner, String category, String outcome, String rule) {
        return AuditEntry.of(AuditAction.ENTRY).partner(partner).entity("InboxMessage", "42", null).category(category).outcome(outcome, rule)
                .agreement("darlington-together-dsa", "2026.1");
    }

    static AuditEntry decision(AuditAction action, String consumer, String nhs, String partner, String category, String outcome, String rule) {
        return AuditEntry.of(action).actor(consumer).purpose("direct-care").person(nhs).partner(partner).entity("Encounter", "enc-1", 3)
                .category(category).outcome(outcome, rule).agreement("darlington-together-dsa", "2026.1");
    }

    /** READ rows of {@code people} different made-up NHS-number references (not valid numbers; the rows only hold them). */
    static List<AuditEntry> reads(String consumer, int people, int first) {
        List<AuditEntry> rows = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            rows.add(decision(AuditAction.READ, consumer, String.format("999%07d", first + i), "cddft", "encounters", "SHARE", "granted"));
        }
        return rows;
    }
}
