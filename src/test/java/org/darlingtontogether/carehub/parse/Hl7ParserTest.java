package org.darlingtontogether.carehub.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The message facts read from MSH, leniently across the versions partners send. */
class Hl7ParserTest {

    private final Hl7Parser parser = new Hl7Parser();

    @Test
    void readsTypeControlIdAndVersionFromMsh() throws Hl7ParseException {
        ParsedHl7 parsed = parser.parse("MSH|^~\\&|PAS|CDDFT|HUB|DT|20240101||ADT^A01^ADT_A01|C123|P|2.5.1\rPID|1\r");
        assertThat(parsed.messageType()).isEqualTo("ADT^A01");
        assertThat(parsed.controlId()).isEqualTo("C123");
        assertThat(parsed.version()).isEqualTo("2.5.1");
    }

    @Test
    void olderAndNewerVersionsAndAnOdsCodeInPd13Parse() throws Hl7ParseException {
        for (String version : new String[] {"2.3", "2.4", "2.5", "2.6", "2.8"}) {
            ParsedHl7 parsed = parser.parse("MSH|^~\\&|PAS|CDDFT|HUB|DT|20240101||ADT^A04|C1|P|" + version
                    + "\nPID|1||9434765919^^^NHS^NH\nPD1|||PRACTICE^^A83001\n");
            assertThat(parsed.messageType()).as(version).isEqualTo("ADT^A04");
            assertThat(parsed.first("PD1")).as(version).isNotNull();
        }
    }

    @Test
    void anEmptyControlIdIsEmptyAndAMissingTypeIsRefused() throws Hl7ParseException {
        assertThat(parser.parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08||P|2.4\r").controlId()).isEmpty();
        assertThatThrownBy(() -> parser.parse("MSH|^~\\&|A|B|C|D|20240101|||X|P|2.4\r"))
                .isInstanceOf(Hl7ParseException.class)
                .satisfies(e -> assertThat(((Hl7ParseException) e).location()).isEqualTo("MSH-9"));
        assertThatThrownBy(() -> parser.parse("PID|1||123\r"))
                .isInstanceOf(Hl7ParseException.class).hasMessageContaining("does not start with an MSH");
    }
}
