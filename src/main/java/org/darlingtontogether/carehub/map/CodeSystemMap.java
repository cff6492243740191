package org.darlingtontogether.carehub.map;

import java.util.Locale;
import java.util.Map;

/**
 * A code translation table from {@code mappings/hl7v2/codesystem/}: an HL7 v2 code (case-insensitive) to a FHIR
 * code, optionally in a target code system with a display. Codes not in the table take the default, which may be a
 * pattern using {@code {code}} (the sent code in lower case, non-alphanumerics as dashes); with no default they map
 * to nothing.
 */
final class CodeSystemMap {

    /** A translated code. */
    record Translation(String system, String code, String display) {
    }

    private final String name;
    private final String targetSystem;
    private final Map<String, Translation> codes;
    private final String defaultCode;

    CodeSystemMap(String name, String targetSystem, Map<String, Translation> codesByUpperCase, String defaultCode) {
        this.name = name;
        this.targetSystem = targetSystem;
        this.codes = codesByUpperCase;
        this.defaultCode = defaultCode;
    }

    String name() {
        return name;
    }

    Translation translate(String code) {
        Translation found = codes.get(code.toUpperCase(Locale.ROOT));
        if (found != null) {
            return found;
        }
        if (defaultCode == null) {
            return null;
        }
        String value = defaultCode.contains("{code}") ? defaultCode.replace("{code}", slug(code)) : defaultCode;
        return new Translation(targetSystem, value, null);
    }

    static String slug(String code) {
        StringBuilder out = new StringBuilder(code.length());
        for (char c : code.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append(Character.isLetterOrDigit(c) && c < 128 ? c : '-');
        }
        return out.toString();
    }
}
