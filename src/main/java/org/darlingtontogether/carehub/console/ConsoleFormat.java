package org.darlingtontogether.carehub.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.darlingtontogether.carehub.govern.ConsumerAccess;
import org.darlingtontogether.carehub.identify.NhsNumber;

/** How the console writes times and dates: UK local time, to the second, the same on every page. */
final class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.UK)
            .withZone(ConsumerAccess.LOCAL);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);

    private ConsoleFormat() {
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    static String day(LocalDate date) {
        return date == null ? "" : DAY.format(date);
    }

    /** An NHS number as people write it ({@code 943 476 5919}); anything that is not a valid one as it is. */
    static String nhsNumber(String digits) {
        if (digits == null) {
            return "";
        }
        return NhsNumber.isValid(digits) ? NhsNumber.of(digits).formatted() : digits;
    }

    /** The record a row is about: {@code Observation/abc v2}, and {@code and 999 more} when it names several. */
    static String record(String type, String id, String version, Integer count) {
        if (type == null) {
            return "";
        }
        return type + (id == null ? "" : "/" + id) + (version == null ? "" : " v" + version)
                + (count == null || count <= 1 ? "" : " and " + (count - 1) + " more");
    }

    static LocalDate today() {
        return LocalDate.now(ConsumerAccess.LOCAL);
    }
}
