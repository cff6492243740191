package org.darlingtontogether.carehub.inbox;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Writes the HL7 v2 acknowledgement for a message straight from the sender's MSH, read as text, so that a message
 * HAPI cannot parse still gets a proper ACK in the sender's own version and delimiters. No HAPI here: its
 * {@code generateACK()} writes an id file and costs far more than the ACK is worth.
 */
@Component
public class Hl7Acknowledgement {

    /** MSA-1 in original acknowledgement mode. */
    public enum Code { AA, AE, AR }

    /**
     * What went wrong, for the ERR segment.
     *
     * @param errorCode HL7 table 0357 (e.g. 200 unsupported message type, 207 application internal error)
     * @param location  where, as {@code SEG} or {@code SEG-n} (e.g. {@code MSH-9}), or null for the message as a whole
     * @param text      for a person reading the sender's error queue; never patient data
     */
    public record Problem(int errorCode, String location, String text) {
    }

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ");
    private static final Pattern LOCATION = Pattern.compile("([A-Z][A-Z0-9]{2})(?:-(\\d+))?");

    private final Clock clock;
    private final String idPrefix;
    private final AtomicLong sequence = new AtomicLong();

    public Hl7Acknowledgement() {
        this(Clock.systemDefaultZone());
    }

    public Hl7Acknowledgement(Clock clock) {
        this.clock = clock;
        // start time and a little randomness: ids stay unique across restarts and between instances
        this.idPrefix = "CH" + Long.toString(clock.millis(), 36).toUpperCase()
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36).toUpperCase();
    }

    public String accept(String message) {
        return build(message, Code.AA, null);
    }

    public String error(String message, Problem problem) {
        return build(message, Code.AE, problem);
    }

    public String reject(String message, Problem problem) {
        return build(message, Code.AR, problem);
    }

    /** The ACK text, segments ended by CR, ready to be framed. */
    public String build(String message, Code code, Problem problem) {
        Msh msh = Msh.read(message);
        char fs = msh.fieldSeparator();
        String version = msh.field(12);
        String versionId = msh.component(12, 1);

        StringBuilder ack = new StringBuilder(256);
        ack.append("MSH").append(fs).append(msh.encodingCharacters())
                .append(fs).append(msh.field(5)).append(fs).append(msh.field(6))
                .append(fs).append(msh.field(3)).append(fs).append(msh.field(4))
                .append(fs).append(TIMESTAMP.format(ZonedDateTime.now(clock)))
                .append(fs)
                .append(fs).append(messageType(msh, versionId))
                .append(fs).append(nextControlId())
                .append(fs).append(msh.present() && !msh.field(11).isEmpty() ? msh.field(11) : "P")
                .append(fs).append(msh.present() && !version.isEmpty() ? version : "2.5")
                .append('\r');

        ack.append("MSA").append(fs).append(code.name()).append(fs).append(msh.field(10));
        if (problem != null && !errSegmentHasText(versionId)) {
            // before 2.5 the ERR segment has no text field: MSA-3 carries it
            ack.append(fs).append(msh.escape(problem.text()));
        }
        ack.append('\r');

        if (problem != null) {
            ack.append(errSegment(msh, versionId, problem)).append('\r');
        }
        return ack.toString();
    }

    /** {@code ACK^A01^ACK}; v2.3 and before have no message structure component. */
    private static String messageType(Msh msh, String versionId) {
        char cs = msh.componentSeparator();
        String trigger = msh.component(9, 2);
        StringBuilder type = new StringBuilder("ACK");
        if (!trigger.isEmpty()) {
            type.append(cs).append(trigger);
        }
        if (!hasMessageStructure(versionId)) {
            return type.toString();
        }
        if (trigger.isEmpty()) {
            type.append(cs);
        }
        return type.append(cs).append("ACK").toString();
    }

    private static String errSegment(Msh msh, String versionId, Problem problem) {
        char fs = msh.fieldSeparator();
        char cs = msh.componentSeparator();
        String[] where = location(problem.location());
        String codeText = ErrorText.of(problem.errorCode());
        if (!errSegmentHasText(versionId)) {
            // v2.3-2.4: ERR-1 error code and location, segment^sequence^field^code&text&HL70357
            StringBuilder eld = new StringBuilder();
            eld.append(where[0]).append(cs).append(where[0].isEmpty() ? "" : "1").append(cs).append(where[1]).append(cs)
                    .append(problem.errorCode());
            if (msh.subcomponentSeparator() != 0) {
                char ss = msh.subcomponentSeparator();
                eld.append(ss).append(msh.escape(codeText)).append(ss).append("HL70357");
            }
            return "ERR" + fs + eld;
        }
        // v2.5 on: ERR-2 location, ERR-3 HL7 error code (CWE), ERR-4 severity, ERR-8 user message
        String erl = where[0].isEmpty() ? "" : where[0] + cs + "1" + (where[1].isEmpty() ? "" : cs + where[1]);
        return "ERR" + fs + fs + erl
                + fs + problem.errorCode() + cs + msh.escape(codeText) + cs + "HL70357"
                + fs + "E" + fs + fs + fs + fs + msh.escape(problem.text());
    }

    private static String[] location(String location) {
        if (location == null) {
            return new String[] {"", ""};
        }
        Matcher m = LOCATION.matcher(location);
        if (!m.matches()) {
            return new String[] {"", ""};
        }
        return new String[] {m.group(1), m.group(2) == null ? "" : m.group(2)};
    }

    private static boolean hasMessageStructure(String versionId) {
        return !(versionId.equals("2.1") || versionId.equals("2.2") || versionId.equals("2.3"));
    }

    private static boolean errSegmentHasText(String versionId) {
        return !(versionId.startsWith("2.1") || versionId.startsWith("2.2") || versionId.startsWith("2.3")
                || versionId.startsWith("2.4"));
    }

    private String nextControlId() {
        return idPrefix + Long.toString(sequence.incrementAndGet(), 36).toUpperCase();
    }

    /** Table 0357 wording. */
    private static final class ErrorText {
        static String of(int code) {
            return switch (code) {
                case 0 -> "Message accepted";
                case 100 -> "Segment sequence error";
                case 101 -> "Required field missing";
                case 102 -> "Data type error";
                case 103 -> "Table value not found";
                case 200 -> "Unsupported message type";
                case 201 -> "Unsupported event code";
                case 202 -> "Unsupported processing id";
                case 203 -> "Unsupported version id";
                case 204 -> "Unknown key identifier";
                case 205 -> "Duplicate key identifier";
                case 206 -> "Application record locked";
                default -> "Application internal error";
            };
        }
    }

    /**
     * A message's MSH read as text with the message's own delimiters (MSH-1, MSH-2). For text that has no usable MSH,
     * the standard delimiters and empty fields.
     */
    public static final class Msh {
        private static final String DEFAULT_ENCODING = "^~\\&";

        private final boolean present;
        private final char fieldSeparator;
        private final String encodingCharacters;
        private final String[] fields;

        private Msh(boolean present, char fieldSeparator, String encodingCharacters, String[] fields) {
            this.present = present;
            this.fieldSeparator = fieldSeparator;
            this.encodingCharacters = encodingCharacters;
            this.fields = fields;
        }

        /** Reads the first MSH segment (normally the message's first line; later when junk precedes it). */
        public static Msh read(String message) {
            if (message != null) {
                int start = message.startsWith("\uFEFF") ? 1 : 0;
                int at = message.startsWith("MSH", start) ? start : segmentStart(message);
                if (at >= 0 && message.length() > at + 4) {
                    char fs = message.charAt(at + 3);
                    if (!Character.isLetterOrDigit(fs) && !Character.isWhitespace(fs)) {
                        int end = at;
                        while (end < message.length() && message.charAt(end) != '\r' && message.charAt(end) != '\n') {
                            end++;
                        }
                        String segment = message.substring(at, end);
                        // MSH-1 is the separator itself, so MSH-n is split element n-1
                        String[] split = segment.split(Pattern.quote(String.valueOf(fs)), -1);
                        String encoding = split.length > 1 ? split[1] : "";
                        if (encoding.length() >= 1 && encoding.length() <= 5 && encoding.indexOf(fs) < 0) {
                            return new Msh(true, fs, encoding, split);
                        }
                    }
                }
            }
            return new Msh(false, '|', DEFAULT_ENCODING, new String[] {"MSH", DEFAULT_ENCODING});
        }

        private static int segmentStart(String message) {
            for (int i = message.indexOf("MSH"); i >= 0; i = message.indexOf("MSH", i + 1)) {
                if (i > 0 && (message.charAt(i - 1) == '\r' || message.charAt(i - 1) == '\n')) {
                    return i;
                }
            }
            return -1;
        }

        /** Whether the text has an MSH segment at all. */
        public boolean present() { return present; }
        public char fieldSeparator() { return fieldSeparator; }
        /** MSH-2 exactly as sent. */
        public String encodingCharacters() { return encodingCharacters; }
        public char componentSeparator() { return encodingChar(0); }
        public char repetitionSeparator() { return encodingChar(1); }
        public char escapeCharacter() { return encodingChar(2); }
        public char subcomponentSeparator() { return encodingChar(3); }

        /** MSH-n as sent (n ≥ 3), empty when absent. */
        public String field(int n) {
            int index = n - 1;
            return n >= 3 && index < fields.length ? fields[index] : "";
        }

        /** Component c (from 1) of the first repetition of MSH-n. */
        public String component(int n, int c) {
            String value = field(n);
            char rs = repetitionSeparator();
            if (rs != 0 && value.indexOf(rs) >= 0) {
                value = value.substring(0, value.indexOf(rs));
            }
            char cs = componentSeparator();
            String[] parts = cs == 0 ? new String[] {value} : value.split(Pattern.quote(String.valueOf(cs)), -1);
            return c - 1 < parts.length ? parts[c - 1] : "";
        }

        /**
         * Text made safe for a TX/ST field in this message's delimiters: delimiters become escape sequences, or
         * spaces when the sender declared no escape character; line breaks become spaces.
         */
        public String escape(String text) {
            if (text == null) {
                return "";
            }
            char esc = escapeCharacter();
            StringBuilder out = new StringBuilder(text.length() + 8);
            for (char ch : text.toCharArray()) {
                String code = null;
                if (ch == fieldSeparator) {
                    code = "F";
                } else if (ch == componentSeparator()) {
                    code = "S";
                } else if (ch == subcomponentSeparator()) {
                    code = "T";
                } else if (ch == repetitionSeparator()) {
                    code = "R";
                } else if (esc != 0 && ch == esc) {
                    code = "E";
                } else if (encodingCharacters.length() > 4 && ch == encodingCharacters.charAt(4)) {
                    code = "P";
                }
                if (ch == '\r' || ch == '\n') {
                    out.append(' ');
                } else if (code == null) {
                    out.append(ch);
                } else if (esc == 0) {
                    out.append(' ');
                } else {
                    out.append(esc).append(code).append(esc);
                }
            }
            return out.toString();
        }

        private char encodingChar(int i) {
            return i < encodingCharacters.length() ? encodingCharacters.charAt(i) : 0;
        }
    }
}
