package org.darlingtontogether.carehub.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.darlingtontogether.carehub.audit.AuditReports;

/**
 * The period a console page covers, from its form's date fields: whole Europe/London days, {@code from} and {@code to}
 * both included. A missing {@code to} is today; a missing {@code from} is {@code defaultDays} days up to {@code to}.
 */
record ConsolePeriod(LocalDate from, LocalDate to) {

    /** The longest period a page draws or counts over. */
    static final int MAX_DAYS = 400;

    static ConsolePeriod of(String from, String to, int defaultDays) {
        LocalDate end = date("To", to);
        end = end == null ? ConsoleFormat.today() : end;
        LocalDate start = date("From", from);
        start = start == null ? end.minusDays(defaultDays - 1L) : start;
        if (start.isAfter(end)) {
            throw new IllegalArgumentException("From (" + ConsoleFormat.day(start) + ") is after To (" + ConsoleFormat.day(end) + ")");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw new IllegalArgumentException("The period is longer than " + MAX_DAYS + " days: narrow From and To");
        }
        return new ConsolePeriod(start, end);
    }

    /** The first instant of the period. */
    Instant start() {
        return from.atStartOfDay(AuditReports.LONDON).toInstant();
    }

    /** The first instant after the period. */
    Instant end() {
        return to.plusDays(1).atStartOfDay(AuditReports.LONDON).toInstant();
    }

    long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    String describe() {
        return from.equals(to) ? ConsoleFormat.day(from) : ConsoleFormat.day(from) + " to " + ConsoleFormat.day(to);
    }

    private static LocalDate date(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            String shown = text.strip().length() > 20 ? text.strip().substring(0, 20) + "..." : text.strip();
            throw new IllegalArgumentException(name + " must be a date such as 2026-12-01, not '" + shown + "'");
        }
    }
}
