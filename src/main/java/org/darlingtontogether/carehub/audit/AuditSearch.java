package org.darlingtontogether.carehub.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds audit rows by a {@link Filter}: a page at a time, newest first (keyset paging on the row id, {@code before}),
 * or every matching row in id order through a callback for exports, read with a cursor so a large export never sits
 * in memory. Reads {@code audit_event} with its seals ({@code audit_seal}) directly: sealed rows and rows not yet
 * sealed alike. Parameterised SQL only.
 */
@Component
public class AuditSearch {

    /** The most rows one page may hold. */
    public static final int MAX_PAGE = 1000;
    /** Rows fetched from the database per round trip while streaming. */
    static final int FETCH_SIZE = 500;

    /**
     * What to look for; every field optional (null: any). {@code from} inclusive, {@code to} exclusive.
     * {@code action} is an {@link AuditAction} name; {@code outcome} SHARE, WITHHOLD, SUCCESS or FAILURE.
     */
    public record Filter(Instant from, Instant to, String nhsNumber, String actor, String action, String outcome, String partner,
                         String category) {

        /** The outcomes a row may hold. */
        public static final List<String> OUTCOMES = List.of("SHARE", "WITHHOLD", AuditEntry.SUCCESS, AuditEntry.FAILURE);

        public static Filter any() {
            return new Filter(null, null, null, null, null, null, null, null);
        }

        /**
         * A filter from what a person typed (blank: any): the NHS number checked (Modulus 11) and normalised, the action
         * one of {@link AuditAction}, the outcome one of {@link #OUTCOMES} (either in any case), text stripped.
         *
         * @throws IllegalArgumentException naming the field that is wrong and why (never echoing an NHS number)
         */
        public static Filter checked(Instant from, Instant to, String nhsNumber, String actor, String action, String outcome,
                                     String partner, String category) {
            String person = null;
            if (!blank(nhsNumber)) {
                String problem = NhsNumber.problemWith(nhsNumber);
                if (problem != null) {
                    throw new NhsNumber.InvalidNhsNumberException(problem);
                }
                person = NhsNumber.of(nhsNumber).value();
            }
            String actionName = blank(action) ? null : action.strip().toUpperCase(Locale.ROOT);
            if (actionName != null && Arrays.stream(AuditAction.values()).noneMatch(a -> a.name().equals(actionName))) {
                throw new IllegalArgumentException("action must be one of " + Arrays.toString(AuditAction.values()));
            }
            String outcomeName = blank(outcome) ? null : outcome.strip().toUpperCase(Locale.ROOT);
            if (outcomeName != null && !OUTCOMES.contains(outcomeName)) {
                throw new IllegalArgumentException("outcome must be one of " + String.join(", ", OUTCOMES));
            }
            return new Filter(from, to, person, text(actor), actionName, outcomeName, text(partner), text(category));
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }

        private static String text(String value) {
            return blank(value) ? null : value.strip();
        }

        /** The filter in words for an audit row's {@code detail}: never the NHS number (that goes in {@code nhs_number}). */
        public String describe() {
            StringBuilder text = new StringBuilder();
            part(text, "from", from);
            part(text, "to", to);
            part(text, "actor", actor);
            part(text, "action", action);
            part(text, "outcome", outcome);
            part(text, "partner", partner);
            part(text, "category", category);
            if (nhsNumber != null) {
                part(text, "person", "nhs_number");
            }
            return text.isEmpty() ? "all rows" : text.toString();
        }

        private static void part(StringBuilder text, String name, Object value) {
            if (value != null) {
                text.append(text.isEmpty() ? "" : " ").append(name).append('=').append(value);
            }
        }
    }

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public AuditSearch(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        // PostgreSQL reads with a cursor only inside a transaction and with a fetch size; otherwise it loads every row
        this.streaming.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Up to {@code limit} (1 to {@link #MAX_PAGE}) rows, newest first, with ids below {@code before} when given. */
    public List<AuditRow> page(Filter filter, Long before, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", not " + limit);
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select " + AuditRow.COLUMNS + " from " + AuditRow.FROM);
        where(sql, params, filter);
        if (before != null) {
            sql.append(params.isEmpty() ? " where" : " and").append(" id < ?");
            params.add(before);
        }
        sql.append(" order by id desc limit ?");
        params.add(limit);
        return jdbc.query(sql.toString(), AuditRow.MAPPER, params.toArray());
    }

    /** Hands every matching row to {@code each}, oldest id first, without holding them; answers how many. */
    public long stream(Filter filter, Consumer<AuditRow> each) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select " + AuditRow.COLUMNS + " from " + AuditRow.FROM);
        where(sql, params, filter);
        sql.append(" order by id");
        long[] count = {0};
        RowCallbackHandler handler = rs -> each.accept(AuditRow.MAPPER.mapRow(rs, (int) count[0]++));
        readOnly.executeWithoutResult(status -> streaming.query(sql.toString(), handler, params.toArray()));
        return count[0];
    }

    private static void where(StringBuilder sql, List<Object> params, Filter f) {
        List<String> conditions = new ArrayList<>();
        if (f.from() != null) {
            conditions.add("recorded_at >= ?");
            params.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            conditions.add("recorded_at < ?");
            params.add(Timestamp.from(f.to()));
        }
        equal(conditions, params, "nhs_number", f.nhsNumber());
        equal(conditions, params, "actor", f.actor());
        equal(conditions, params, "action", f.action());
        equal(conditions, params, "outcome", f.outcome());
        equal(conditions, params, "partner", f.partner());
        equal(conditions, params, "category", f.category());
        if (!conditions.isEmpty()) {
            sql.append(" where ").append(String.join(" and ", conditions));
        }
    }

    private static void equal(List<String> conditions, List<Object> params, String column, String value) {
        if (value != null) {
            conditions.add(column + " = ?");
            params.add(value);
        }
    }
}
