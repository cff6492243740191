package org.darlingtontogether.carehub.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
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

    @Test
    void whileProcessingIsBehindNothingMoreIsHeldAndWhatWasHeldIsStillGivenOut() throws Exception {
        String first = "MSH|^~\\&|PAS|CDDFT|HUB|DT|20261123||ADT^A01^ADT_A01|M1|P|2.4\rPID|1||9434765919^^^NHS^NH\r";
        String second = "MSH|^~\\&|PAS|CDDFT|HUB|DT|20261123||ADT^A01^ADT_A01|M2|P|2.4\rPID|1||9434765919^^^NHS^NH\r";
        String third = "MSH|^~\\&|PAS|CDDFT|HUB|DT|20261123||ADT^A01^ADT_A01|M3|P|2.4\rPID|1||9434765919^^^NHS^NH\r";
        ParsedHl7 firstParsed = parser.parse(first);
        held.hold("cddft", "M1", first, firstParsed);

        held.processingBehind(true);
        held.hold("cddft", "M2", second, parser.parse(second));
        assertThat(held.size()).isEqualTo(1);
        assertThat(held.take("cddft", "M2", second)).isNull();
        // held before processing fell behind: among the oldest waiting, taken next
        assertThat(held.take("cddft", "M1", first)).isSameAs(firstParsed);

        held.processingBehind(false);
        ParsedHl7 thirdParsed = parser.parse(third);
        held.hold("cddft", "M3", third, thirdParsed);
        assertThat(held.take("cddft", "M3", third)).isSameAs(thirdParsed);
    }

    @Test
    void aFullHoldKeepsTheMessagesProcessingTakesNextAndMakesRoomOnlyInPlaceOfStaleOnes() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        ParsedMessages bounded = new ParsedMessages(clock);
        String text = "MSH|^~\\&|PAS|CDDFT|HUB|DT|20261123||ADT^A01^ADT_A01|M0|P|2.4\rPID|1||9434765919^^^NHS^NH\r";
        ParsedHl7 parsed = parser.parse(text);
        for (int i = 0; i < ParsedMessages.CAPACITY; i++) {
            bounded.hold("cddft", "M" + i, text, parsed);
        }

        // processing is behind: the newest is left to be parsed again, the oldest (taken next) stay held
        bounded.hold("cddft", "NEWEST", text, parsed);
        assertThat(bounded.take("cddft", "NEWEST", text)).isNull();
        assertThat(bounded.take("cddft", "M0", text)).isSameAs(parsed);
        assertThat(bounded.size()).isEqualTo(ParsedMessages.CAPACITY - 1);

        // one freed place is taken again
        bounded.hold("cddft", "NEXT", text, parsed);
        assertThat(bounded.size()).isEqualTo(ParsedMessages.CAPACITY);

        // held past the stale limit (nobody came for them): they make room
        now.set(now.get().plus(ParsedMessages.STALE_AFTER).plusSeconds(1));
        bounded.hold("cddft", "LATER", text, parsed);
        assertThat(bounded.take("cddft", "LATER", text)).isSameAs(parsed);
        assertThat(bounded.take("cddft", "M1", text)).isNull();
    }
}
