package org.darlingtontogether.carehub.bench;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * An HL7 v2 acknowledgement built straight from the incoming MSH text: no HAPI parse, no {@code generateACK()}
 * (which writes an id file and costs ~115 µs). The baselines answer with it so that they measure transport,
 * parsing and mapping, not ACK construction.
 */
final class CheapAck {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static volatile String cachedTimestamp = "";
    private static volatile long cachedSecond = -1;

    private CheapAck() {
    }

    /** {@code code} is AA, AE or AR; {@code error} (may be null) goes into MSA-3. */
    static String build(String message, String code, String error) {
        int end = message.indexOf('\r');
        if (end < 0) {
            end = message.indexOf('\n');
        }
        String msh = end < 0 ? message : message.substring(0, end);
        String[] f = msh.split("\\|", -1);
        String sendingApp = field(f, 2);
        String sendingFacility = field(f, 3);
        String receivingApp = field(f, 4);
        String receivingFacility = field(f, 5);
        String type = field(f, 8);
        String controlId = field(f, 9);
        String version = field(f, 11);
        int caret = type.indexOf('^');
        String trigger = caret < 0 ? "" : type.substring(caret + 1).split("\\^", -1)[0];
        StringBuilder ack = new StringBuilder(160);
        ack.append("MSH|^~\\&|").append(receivingApp).append('|').append(receivingFacility).append('|')
                .append(sendingApp).append('|').append(sendingFacility).append('|').append(timestamp())
                .append("||ACK^").append(trigger).append("^ACK|A").append(controlId).append("|P|")
                .append(version.isEmpty() ? "2.4" : version).append('\r')
                .append("MSA|").append(code).append('|').append(controlId);
        if (error != null) {
            ack.append('|').append(error.replace('|', ' ').replace('\r', ' '));
        }
        return ack.append('\r').toString();
    }

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : "";
    }

    private static String timestamp() {
        long second = System.currentTimeMillis() / 1000;
        if (second != cachedSecond) {
            cachedTimestamp = LocalDateTime.now().format(TS);
            cachedSecond = second;
        }
        return cachedTimestamp;
    }
}
