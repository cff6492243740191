package org.darlingtontogether.carehub.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.util.Terser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.darlingtontogether.carehub.inbox.Hl7Acknowledgement.Problem;
import org.darlingtontogether.carehub.parse.Hl7Parser;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.junit.jupiter.api.Test;

class Hl7AcknowledgementTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:15:30.123Z"), ZoneId.of("Europe/London"));
    private final Hl7Acknowledgement acks = new Hl7Acknowledgement(CLOCK);

    @Test
    void aaForV25SwapsSenderAndReceiverAndEchoesControlIdVersionAndProcessingId() {
        String ack = acks.accept(Hl7Samples.adtA01("MSG0001"));

        String[] segments = ack.split("\r");
        assertThat(segments).hasSize(2);
        String[] msh = segments[0].split("\\|", -1);
        assertThat(msh[0]).isEqualTo("MSH");
        assertThat(msh[1]).isEqualTo("^~\\&");
        assertThat(msh[2]).isEqualTo("CAREHUB");       // MSH-3 <- MSH-5
        assertThat(msh[3]).isEqualTo("DARLINGTON");    // MSH-4 <- MSH-6
        assertThat(msh[4]).isEqualTo("PAS");           // MSH-5 <- MSH-3
        assertThat(msh[5]).isEqualTo("CDDFT");         // MSH-6 <- MSH-4
        assertThat(msh[6]).isEqualTo("20250301101530.123+0000");
        assertThat(msh[8]).isEqualTo("ACK^A01^ACK");
        assertThat(msh[9]).isNotBlank().isNotEqualTo("MSG0001").hasSizeLessThanOrEqualTo(20);
        assertThat(msh[10]).isEqualTo("P");
        assertThat(msh[11]).isEqualTo("2.5.1");
        assertThat(msh).hasSize(12);
        assertThat(segments[1]).isEqualTo("MSA|AA|MSG0001");
        assertThat(ack).endsWith("\r");
    }

    @Test
    void eachAckHasItsOwnControlId() {
        String first = Hl7Acknowledgement.Msh.read(acks.accept(Hl7Samples.adtA01("A"))).field(10);
        String second = Hl7Acknowledgement.Msh.read(acks.accept(Hl7Samples.adtA01("A"))).field(10);
        String fromAnotherInstance = Hl7Acknowledgement.Msh.read(new Hl7Acknowledgement(CLOCK).accept(Hl7Samples.adtA01("A"))).field(10);
        assertThat(first).isNotEqualTo(second);
        assertThat(fromAnotherInstance).isNotIn(first, second);
    }

    @Test
    void aeForV25NamesTheProblemInErr2To8AndParsesBack() throws Exception {
        String ack = acks.error(Hl7Samples.siuS12("SIU-1"), new Problem(200, "MSH-9", "unsupported message type SIU^S12"));

        String[] segments = ack.split("\r");
        assertThat(segments).hasSize(3);
        assertThat(segments[0]).contains("|ACK^S12^ACK|");
        assertThat(segments[1]).isEqualTo("MSA|AE|SIU-1");
        assertThat(segments[2]).isEqualTo("ERR||MSH^1^9|200^Unsupported message type^HL70357|E||||unsupported message type SIU\\S\\S12");

        ParsedHl7 parsed = new Hl7Parser().parse(ack);
        Terser terser = new Terser(parsed.message());
        assertThat(terser.get("/MSA-1")).isEqualTo("AE");
        assertThat(terser.get("/MSA-2")).isEqualTo("SIU-1");
        assertThat(terser.get("/ERR-3-1")).isEqualTo("200");
        assertThat(terser.get("/ERR-4")).isEqualTo("E");
        assertThat(terser.get("/ERR-8")).isEqualTo("unsupported message type SIU^S12");
    }

    @Test
    void aeForV23HasNoMessageStructureAndPutsCodeAndLocationInErr1AndTextInMsa3() {
        String ack = acks.error(Hl7Samples.adtA08v23("OLD-7"), new Problem(200, "MSH-9", "unsupported message type ADT^A08"));

        String[] segments = ack.split("\r");
        assertThat(segments).hasSize(3);
        String[] msh = segments[0].split("\\|", -1);
        assertThat(msh[8]).isEqualTo("ACK^A08");
        assertThat(msh[11]).isEqualTo("2.3");
        assertThat(segments[1]).isEqualTo("MSA|AE|OLD-7|unsupported message type ADT\\S\\A08");
        assertThat(segments[2]).isEqualTo("ERR|MSH^1^9^200&Unsupported message type&HL70357");
    }

    @Test
    void arForV24WithoutLocation() {
        String message = Hl7Samples.adtA01("V24-1").replace("|2.5.1\r", "|2.4\r");
        String ack = acks.reject(message, new Problem(207, null, "the hub cannot store messages at the moment"));

        String[] segments = ack.split("\r");
        assertThat(segments[0]).contains("|ACK^A01^ACK|").endsWith("|P|2.4");
        assertThat(segments[1]).isEqualTo("MSA|AR|V24-1|the hub cannot store messages at the moment");
        assertThat(segments[2]).isEqualTo("ERR|^^^207&Application internal error&HL70357");
    }

    @Test
    void usesTheSendersOwnDelimitersAndEscapesWithThem() {
        String odd = "MSH#$%*@#PAS$X#CDDFT#CAREHUB#DT#20250301101500##ADT$A04$ADT_A01#ODD-1#T#2.5\r"
                + "EVN#A04\r";
        String ack = acks.error(odd, new Problem(102, "PID-7", "bad $ value # here * and @ and %"));

        String[] segments = ack.split("\r");
        assertThat(segments[0]).isEqualTo("MSH#$%*@#CAREHUB#DT#PAS$X#CDDFT#20250301101530.123+0000##ACK$A04$ACK#"
                + Hl7Acknowledgement.Msh.read(ack).field(10) + "#T#2.5");
        assertThat(segments[1]).isEqualTo("MSA#AE#ODD-1");
        assertThat(segments[2]).isEqualTo("ERR##PID$1$7#102$Data type error$HL70357#E####"
                + "bad *S* value *F* here *E* and *T* and *R*");
        assertThat(segments[2]).doesNotContain("|", "^");
    }

    @Test
    void aMessageWithoutMshStillGetsAWellFormedAck() {
        String ack = acks.error(Hl7Samples.garbage(), new Problem(100, "MSH", "message does not start with an MSH segment"));

        String[] segments = ack.split("\r");
        assertThat(segments[0]).startsWith("MSH|^~\\&|||||20250301101530.123+0000||ACK^^ACK|").endsWith("|P|2.5");
        assertThat(segments[1]).isEqualTo("MSA|AE|");
        assertThat(segments[2]).isEqualTo("ERR||MSH^1|100^Segment sequence error^HL70357|E||||message does not start with an MSH segment");
    }

    @Test
    void readsMshAfterLeadingJunkAndRepeatedFields() {
        Hl7Acknowledgement.Msh msh = Hl7Acknowledgement.Msh.read("\r\nMSH|^~\\&|A~B|F|||||ADT^A02~X|ID9|P|2.4\rEVN|A02\r");
        assertThat(msh.present()).isTrue();
        assertThat(msh.field(3)).isEqualTo("A~B");
        assertThat(msh.component(9, 2)).isEqualTo("A02");
        assertThat(msh.field(10)).isEqualTo("ID9");
        assertThat(Hl7Acknowledgement.Msh.read("MSH").present()).isFalse();
        assertThat(Hl7Acknowledgement.Msh.read("MSHA^~\\&").present()).isFalse();
    }
}
