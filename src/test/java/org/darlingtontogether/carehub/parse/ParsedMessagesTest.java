package org.darlingtontogether.carehub.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParsedMessagesTest {

    private final Hl7Parser parser = new Hl7Parser();
    private final ParsedMessages held = new ParsedMessages();

    @Test
    void aHeldParseIsGivenOutOnceForExactlyTheStoredText() throws Exception {
        String text = "MSH|^~\\&|PAS|CDDFT|HUB|DT|20261123||ADT^A01^ADT_A01|M1|P|2.4\rPID|1||9434765919^^^NHS^NH\r";
        ParsedHl7 parsed = parser.parse(text);
        held.hold("cddft", "M1", text, parsed);

        assertThat(held.take("cddft", "M1", text)).isSameAs(parsed);
        assertThat(held.take("cddft", "M1", text)).isNull();
    }

    @Test
    void anotherMessageUnderTheSameKeyNeverStandsInForTheStoredOne() throws Exception {
        String stored = "MSH|^~\\&|PAS|CDDFT|HUB|DT|20261123||ADT^A01^ADT_A01|M1|P|2.4\rPID|1||9434765919^^^NHS^NH\r";
        String reused = "MSH|^~\\&|PAS|CDDFT|HUB|DT|20261123||ADT^A01^ADT_A01|M1|P|2.4\rPID|1||9434765870^^^NHS^NH\r";
        held.hold("cddft", "M1", reused, parser.parse(reused));

        assertThat(held.take("cddft", "M1", stored)).isNull();
    }
}
