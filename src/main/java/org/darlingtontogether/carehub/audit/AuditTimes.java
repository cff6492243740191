package org.darlingtontogether.carehub.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The {@code from} and {@code to} of the audit API: an ISO date ({@code 2026-12-01}, a whole Europe/London day: from
 * its start, or to its end, so {@code from=2026-12-01&to=2026-12-01} is that one day) or an instant with its offset
 * ({@code 2026-12-01T09:00:00Z}, {@code 2026-07-01T10:00:00+01:00}). Windows are {@code [from, to)}.
 */
public final class AuditTimes {

    private AuditTimes() {
    }

    /** The start of the window, or null when not given. */
    public static Instant from(String text) {
        return parse("from", text, false);
    }

    /** The (exclusive) end of the window, or null when not given: a date means the end of that London day. */
    public static Instant to(String text) {
        return parse("to", text, true);
    }

    private static Instant parse(String name, String text, boolean end) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (end ? date.plusDays(1) : date).atStartOfDay(AuditReports.LONDON).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO date (2026-12-01) or an instant with its offset"
                    + " (2026-12-01T09:00:00Z), not '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
    }

    /** Both given and in order, or an exception that says which is wrong. */
    public static void checkWindow(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }
}
