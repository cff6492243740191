package org.darlingtontogether.carehub.parse;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.springframework.stereotype.Component;

/**
 * Reads HL7 v2.3 to v2.5.1 (and what later versions send that v2.5 can hold) leniently: no HAPI validation, since it
 * rejects ordinary NHS usage such as an ODS code in PD1-3.3; a message is refused only when it cannot be read at all.
 */
@Component
public class Hl7Parser {

    private final PipeParser parser;

    public Hl7Parser() {
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5"));
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        context.getParserConfiguration().setAllowUnknownVersions(true);
        this.parser = context.getPipeParser();
    }

    /** Segment separators normalised to CR; a BOM and blank lines between segments removed. */
    public static String normalise(String raw) {
        String text = raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
        text = text.replace("\r\n", "\r").replace('\n', '\r');
        while (text.contains("\r\r")) {
            text = text.replace("\r\r", "\r");
        }
        return text.strip().replace("\r ", "\r");
    }

    public ParsedHl7 parse(String raw) throws Hl7ParseException {
        String text = normalise(raw);
        if (!text.startsWith("MSH")) {
            throw new Hl7ParseException("message does not start with an MSH segment", "MSH", null);
        }
        Message message;
        try {
            message = parser.parse(text);
        } catch (HL7Exception e) {
            throw new Hl7ParseException("cannot parse HL7 v2: " + safe(e), null, e);
        } catch (RuntimeException e) {
            throw new Hl7ParseException("cannot parse HL7 v2: " + e.getClass().getSimpleName(), null, e);
        }
        try {
            var terserFree = new ca.uhn.hl7v2.util.Terser(message);
            String code = terserFree.get("/MSH-9-1");
            String trigger = terserFree.get("/MSH-9-2");
            String controlId = terserFree.get("/MSH-10");
            String version = terserFree.get("/MSH-12");
            if (code == null || code.isBlank()) {
                throw new Hl7ParseException("MSH-9 message type is empty", "MSH-9", null);
            }
            String type = trigger == null || trigger.isBlank() ? code : code + "^" + trigger;
            return new ParsedHl7(message, type, controlId == null ? "" : controlId, version);
        } catch (HL7Exception e) {
            throw new Hl7ParseException("cannot read MSH: " + safe(e), "MSH", e);
        }
    }

    /** HAPI's own wording, which names positions and structures, not field contents. */
    private static String safe(HL7Exception e) {
        String text = e.getMessage();
        if (text == null) {
            return e.getClass().getSimpleName();
        }
        return text.length() > 200 ? text.substring(0, 200) : text;
    }
}
