package org.darlingtontogether.carehub.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a file of HL7 v2 text into messages: each MSH starts one. Batch and file wrappers (FHS, BHS, BTS, FTS),
 * blank lines and comments ({@code //}, {@code #}, {@code /* ... *}{@code /}) are dropped; segments are joined with
 * CR. Lines before the first MSH that are not wrappers are kept together as a chunk of their own, so that nothing
 * in a file is silently skipped: the parser then refuses it with its reason.
 */
public final class Hl7MessageSplitter {

    private Hl7MessageSplitter() {
    }

    public static List<String> split(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> messages = new ArrayList<>();
        StringBuilder current = null;
        boolean inBlockComment = false;
        for (String raw : body.split("\r\n|\r|\n")) {
            String line = raw.strip();
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (inBlockComment) {
                inBlockComment = !line.contains("*/");
                continue;
            }
            if (line.startsWith("/*")) {
                inBlockComment = !line.contains("*/");
                continue;
            }
            if (line.isEmpty() || line.startsWith("//") || line.startsWith("#")) {
                continue;
            }
            if (isWrapper(line)) {
                current = flush(current, messages);
                continue;
            }
            if (line.startsWith("MSH")) {
                current = flush(current, messages);
                current = new StringBuilder(line.length() * 8);
            } else if (current == null) {
                current = new StringBuilder();
            }
            current.append(line).append('\r');
        }
        flush(current, messages);
        return messages;
    }

    private static boolean isWrapper(String line) {
        if (line.length() < 3) {
            return false;
        }
        String name = line.substring(0, 3);
        boolean wrapperName = name.equals("FHS") || name.equals("BHS") || name.equals("BTS") || name.equals("FTS");
        return wrapperName && (line.length() == 3 || !Character.isLetterOrDigit(line.charAt(3)));
    }

    private static StringBuilder flush(StringBuilder current, List<String> messages) {
        if (current != null && !current.isEmpty()) {
            messages.add(current.toString());
        }
        return null;
    }
}
