package org.darlingtontogether.carehub.map;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * HL7 v2 TS/DTM/DT ({@code YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]}) to the FHIR date, dateTime or instant text,
 * keeping the precision sent. A time without an offset is UK local time (Europe/London), as the partners send it.
 * Text that is not a valid date gives null, so no element is written.
 */
final class Hl7DateTime {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    private Hl7DateTime() {
    }

    static String toFhir(String hl7, Class<?> target) {
        String s = hl7.strip();
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        String digits = s.substring(0, end);
        String fraction = null;
        String offset = null;
        int i = end;
        if (i < s.length() && s.charAt(i) == '.') {
            int start = ++i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            fraction = s.substring(start, i);
        }
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            offset = s.substring(i);
            if (!offset.matches("[+-]\\d{4}")) {
                return null;
            }
            i = s.length();
        }
        if (i != s.length()) {
            return null;
        }
        int n = digits.length();
        if (n != 4 && n != 6 && n != 8 && n != 10 && n != 12 && n != 14) {
            return null;
        }
        try {
            int year = Integer.parseInt(digits.substring(0, 4));
            int month = n >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 1;
            int day = n >= 8 ? Integer.parseInt(digits.substring(6, 8)) : 1;
            LocalDate date = LocalDate.of(year, month, day);
            boolean dateOnlyTarget = DateType.class.isAssignableFrom(target);
            boolean instant = InstantType.class.isAssignableFrom(target);
            if (n <= 8 && !instant || dateOnlyTarget) {
                String text = digits.substring(0, 4);
                if (n >= 6) {
                    text += "-" + digits.substring(4, 6);
                }
                if (n >= 8) {
                    text += "-" + digits.substring(6, 8);
                }
                return text;
            }
            int hour = n >= 10 ? Integer.parseInt(digits.substring(8, 10)) : 0;
            int minute = n >= 12 ? Integer.parseInt(digits.substring(10, 12)) : 0;
            int second = n >= 14 ? Integer.parseInt(digits.substring(12, 14)) : 0;
            LocalDateTime local = LocalDateTime.of(date.getYear(), date.getMonth(), date.getDayOfMonth(), hour, minute, second);
            ZoneOffset zone = offset != null
                    ? ZoneOffset.ofHoursMinutes(Integer.parseInt(offset.substring(0, 3)),
                            (offset.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(offset.substring(3, 5)))
                    : UK.getRules().getOffset(local);
            StringBuilder text = new StringBuilder(29);
            text.append(date).append('T');
            two(text, hour).append(':');
            two(text, minute).append(':');
            two(text, second);
            if (fraction != null && !fraction.isEmpty()) {
                text.append('.').append(fraction, 0, Math.min(fraction.length(), 3));
            }
            text.append(zone.getTotalSeconds() == 0 ? "+00:00" : zone.getId());
            return text.toString();
        } catch (DateTimeException | NumberFormatException notADate) {
            return null;
        }
    }

    private static StringBuilder two(StringBuilder text, int value) {
        if (value < 10) {
            text.append('0');
        }
        return text.append(value);
    }
}
