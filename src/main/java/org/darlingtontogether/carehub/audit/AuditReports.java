package org.darlingtontogether.carehub.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reports over the audit trail for the IG lead (console and {@code /api/audit/reports/**}): what was shared and
 * withheld, per day, what one person's record was read or sent to whom, and which consumers read unusually many
 * people. Windows are {@code [from, to)}; days are Europe/London dates. Plain SQL that runs on H2 and PostgreSQL alike;
 * references only, as the rows hold.
 */
@Component
public class AuditReports {

    /** Dates in the reports are the partnership's: Europe/London. */
    public static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Days before the window that make a consumer's usual daily rate (the median of them). */
    public static final int USUAL_DAYS = 28;
    /** The most rows a subject access report holds (newest first). */
    public static final int SUBJECT_ACCESS_LIMIT = 10_000;

    /** Decisions counted by {@link #sharing}: entry to the shared record, reads through the API, deliveries. */
    private static final String DECISIONS = "action in ('ENTRY', 'READ', 'DELIVERY')";
    /** A row about several resources ({@link AuditEntry#entities}) is that many decisions. */
    private static final String DECIDED = "coalesce(entity_count, 1)";
    private static final String SHARED = "sum(case when outcome = 'SHARE' then " + DECIDED + " else 0 end)";
    private static final String WITHHELD = "sum(case when outcome = 'WITHHOLD' then " + DECIDED + " else 0 end)";

    /** Decisions with one key (a partner, consumer, category or rule): how many shared, how many withheld. */
    public record Count(String key, long shared, long withheld) {
    }

    public record Quarantined(String partner, long quarantined) {
    }

    public record Sharing(Instant from, Instant to, List<Count> byPartner, List<Count> byConsumer, List<Count> byCategory,
                          List<Count> byRule, List<Quarantined> quarantinedByPartner) {
    }

    /** One Europe/London date: reads and deliveries shared and withheld. */
    public record Day(LocalDate date, long shared, long withheld) {
    }

    /**
     * One read, delivery decision, accepted delivery or retraction about the person: when, which consumer for which
     * purpose, which resource, the outcome (SHARE or WITHHOLD for decisions; SUCCESS for a delivery) and the rule. A read
     * of several resources with the same outcome and rule is one Access: {@code resources} of them, each in
     * {@code resourceRefs} as {@code id/version} (the resource id and version name the first); otherwise 1 and null.
     */
    public record Access(long id, Instant when, String action, String consumer, String purpose, String resourceType, String resourceId,
                         String resourceVersion, String outcome, String rule, int resources, String resourceRefs) {
    }

    /**
     * One consumer's reads in the window: distinct people, that as a daily rate, its usual daily rate (the median over
     * the {@value #USUAL_DAYS} days before the window), the ratio (null when the usual is 0) and whether it is flagged.
     */
    public record Unusual(String consumer, long peopleRead, double perDay, double usualPerDay, Double ratio, boolean flagged) {
    }

    private final JdbcClient jdbc;
    private final AuditReportSettings settings;

    public AuditReports(JdbcClient jdbc, AuditReportSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Decisions (ENTRY, READ, DELIVERY) shared and withheld by partner, consumer, category and rule; quarantines by partner. */
    public Sharing sharing(Instant from, Instant to) {
        window(from, to);
        List<Quarantined> quarantined = jdbc.sql("select partner, count(*) from audit_event where action = 'QUARANTINED'"
                        + " and recorded_at >= ? and recorded_at < ? group by partner order by partner")
                .params(Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new Quarantined(rs.getString(1), rs.getLong(2))).list();
        return new Sharing(from, to, countsBy("partner", from, to), countsBy("actor", from, to), countsBy("category", from, to),
                countsBy("rule", from, to), quarantined);
    }

    /** The column is one of four fixed names, never a caller's text. */
    private List<Count> countsBy(String column, Instant from, Instant to) {
        return jdbc.sql("select " + column + ", " + SHARED + ", " + WITHHELD + " from audit_event where " + DECISIONS
                        + " and recorded_at >= ? and recorded_at < ? and " + column + " is not null group by " + column + " order by " + column)
                .params(Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new Count(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
    }

    /**
     * Reads and deliveries (READ, DELIVERY) shared and withheld per Europe/London date, every date of the window
     * listed (zeros included), for a chart. Counted per UTC hour in the database, then added up per London date.
     */
    public List<Day> sharingPerDay(Instant from, Instant to) {
        window(from, to);
        Map<LocalDate, long[]> days = new TreeMap<>();
        LocalDate last = to.minusNanos(1).atZone(LONDON).toLocalDate();
        for (LocalDate d = from.atZone(LONDON).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            days.put(d, new long[2]);
        }
        jdbc.sql("select hour_bucket, outcome, sum(decided) from (select cast(floor(extract(epoch from recorded_at) / 3600) as bigint) as hour_bucket,"
                        + " outcome, " + DECIDED + " as decided from audit_event where action in ('READ', 'DELIVERY') and outcome in ('SHARE', 'WITHHOLD')"
                        + " and recorded_at >= ? and recorded_at < ?) hours group by hour_bucket, outcome")
                .params(Timestamp.from(from), Timestamp.from(to))
                .query(rs -> {
                    LocalDate date = Instant.ofEpochSecond(rs.getLong(1) * 3600).atZone(LONDON).toLocalDate();
                    long[] counts = days.computeIfAbsent(date, d -> new long[2]);
                    counts["SHARE".equals(rs.getString(2)) ? 0 : 1] += rs.getLong(3);
                });
        List<Day> answer = new ArrayList<>(days.size());
        days.forEach((date, counts) -> answer.add(new Day(date, counts[0], counts[1])));
        return answer;
    }

    /**
     * Who read or was sent what about one person, and when: READ, DELIVERY, DELIVERED and RETRACTION_DUE rows, newest
     * first, at most {@value #SUBJECT_ACCESS_LIMIT}.
     */
    public List<Access> subjectAccess(String nhsNumber, Instant from, Instant to) {
        window(from, to);
        return jdbc.sql("select id, recorded_at, action, actor, purpose, entity_type, entity_id, entity_version, outcome, rule, "
                        + DECIDED + ", entity_refs from audit_event"
                        + " where nhs_number = ? and action in ('READ', 'DELIVERY', 'DELIVERED', 'RETRACTION_DUE')"
                        + " and recorded_at >= ? and recorded_at < ? order by id desc limit ?")
                .params(nhsNumber, Timestamp.from(from), Timestamp.from(to), SUBJECT_ACCESS_LIMIT)
                .query((rs, n) -> new Access(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11), rs.getString(12)))
                .list();
    }

    /**
     * Per consumer that read anyone in the window: the distinct people it read (READ decisions, shared or withheld:
     * an attempt counts), as a daily rate (a window shorter than a day counts as one day), against its usual daily
     * rate, the median of the distinct people it read on each of the {@value #USUAL_DAYS} days before {@code from}
     * (days without reads count as 0). Flagged when the rate exceeds {@code carehub.audit.unusual.factor} times the
     * usual and it read at least {@code carehub.audit.unusual.minimum} people. Most people read first.
     */
    public List<Unusual> unusualAccess(Instant from, Instant to) {
        window(from, to);
        Map<String, Long> window = peopleRead(from, to);
        Map<String, long[]> history = new HashMap<>();
        ZonedDateTime start = from.atZone(LONDON);
        for (int k = 1; k <= USUAL_DAYS; k++) {
            int day = k - 1;
            peopleRead(start.minusDays(k).toInstant(), start.minusDays(k - 1).toInstant())
                    .forEach((consumer, people) -> history.computeIfAbsent(consumer, c -> new long[USUAL_DAYS])[day] = people);
        }
        double days = Math.max(1.0, Duration.between(from, to).toSeconds() / 86_400.0);
        List<Unusual> answer = new ArrayList<>();
        window.forEach((consumer, people) -> {
            double perDay = people / days;
            double usual = median(history.getOrDefault(consumer, new long[USUAL_DAYS]));
            boolean flagged = people >= settings.getMinimum() && perDay > settings.getFactor() * usual;
            answer.add(new Unusual(consumer, people, perDay, usual, usual > 0 ? perDay / usual : null, flagged));
        });
        answer.sort(Comparator.comparingLong(Unusual::peopleRead).reversed().thenComparing(Unusual::consumer));
        return answer;
    }

    private Map<String, Long> peopleRead(Instant from, Instant to) {
        Map<String, Long> people = new HashMap<>();
        jdbc.sql("select actor, count(distinct nhs_number) from audit_event where action = 'READ' and recorded_at >= ? and recorded_at < ?"
                        + " and actor is not null and nhs_number is not null group by actor")
                .params(Timestamp.from(from), Timestamp.from(to))
                .query(rs -> {
                    people.put(rs.getString(1), rs.getLong(2));
                });
        return people;
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static void window(Instant from, Instant to) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("from and to are both required");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }
}
