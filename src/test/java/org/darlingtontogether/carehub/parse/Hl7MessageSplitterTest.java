package org.darlingtontogether.carehub.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Files of HL7 v2 text into messages: one per MSH, wrappers and comments dropped, nothing else lost. */
class Hl7MessageSplitterTest {

    @Test
    void batchWrappersBlankLinesAndCommentsAreDropped() {
        String file = "\uFEFFFHS|^~\\&|CCG|NENC|||20240101\r\n"
                + "BHS|^~\\&|CCG|NENC|||20240101\r\n"
                + "// first message\r\n"
                + "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.4\r\n"
                + "PID|1||9434765919^^^NHS\r\n"
                + "\r\n"
                + "/*\r\n * a block comment\r\n */\r\n"
                + "# another comment\r\n"
                + "MSH|^~\\&|A|B|C|D|20240101||ADT^A08|2|P|2.4\n"
                + "PID|1||9434765919^^^NHS\n"
                + "BTS|2\r\nFTS|1\r\n";

        List<String> messages = Hl7MessageSplitter.split(file);

        assertThat(messages).containsExactly(
                "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.4\rPID|1||9434765919^^^NHS\r",
                "MSH|^~\\&|A|B|C|D|20240101||ADT^A08|2|P|2.4\rPID|1||9434765919^^^NHS\r");
    }

    @Test
    void segmentsSeparatedByCrAloneAreOneMessage() {
        assertThat(Hl7MessageSplitter.split("MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.4\rEVN|A01\rPID|1")).hasSize(1);
    }

    @Test
    void linesBeforeAnyMshAreKeptForTheParserToRefuse() {
        List<String> messages = Hl7MessageSplitter.split("PID|1||123\rPV1|1|I\rMSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.4\r");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).startsWith("PID");
        assertThat(messages.get(1)).startsWith("MSH");
    }

    @Test
    void nothingButWrappersIsNoMessage() {
        assertThat(Hl7MessageSplitter.split("FHS|^~\\&\r\nBHS|^~\\&\r\nBTS|0\r\nFTS|1\r\n\r\n")).isEmpty();
    }
}
