package org.darlingtontogether.carehub.parse;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
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
        if (messageTypeMissing(text)) {
            throw new Hl7ParseException("MSH-9 message type is empty", "MSH-9", null);
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
            // typed reads of MSH, not Terser paths: this runs for every message on the hot path
            Segment msh = (Segment) message.get("MSH");
            String code = component(msh, 9, 1);
            String trigger = component(msh, 9, 2);
            String controlId = component(msh, 10, 1);
            String version = component(msh, 12, 1);
            if (code == null || code.isBlank()) {
                throw new Hl7ParseException("MSH-9 message type is empty", "MSH-9", null);
            }
            String type = trigger == null || trigger.isBlank() ? code : code + "^" + trigger;
            return new ParsedHl7(message, type, controlId == null ? "" : controlId, version);
        } catch (HL7Exception | ClassCastException e) {
            throw new Hl7ParseException("cannot read MSH: " + (e instanceof HL7Exception h ? safe(h) : "not an MSH segment"),
                    "MSH", e);
        }
    }

    /** HAPI cannot tell the structure without MSH-9 and says so vaguely; the sender deserves the field's name. */
    private static boolean messageTypeMissing(String text) {
        if (text.length() < 4) {
            return false;
        }
        char separator = text.charAt(3);
        int end = text.indexOf('\r');
        String msh = end < 0 ? text : text.substring(0, end);
        int at = 3;
        for (int field = 3; field <= 9; field++) {
            at = msh.indexOf(separator, at + 1);
            if (at < 0) {
                return true;
            }
        }
        int next = msh.indexOf(separator, at + 1);
        String type = next < 0 ? msh.substring(at + 1) : msh.substring(at + 1, next);
        return type.isBlank();
    }

    /** Component n (1-based, first subcomponent) of the field's first repetition, or null. */
    private static String component(Segment segment, int field, int n) throws HL7Exception {
        Type[] repetitions = segment.getField(field);
        if (repetitions.length == 0) {
            return null;
        }
        Type value = repetitions[0];
        while (value instanceof Varies v) {
            value = v.getData();
        }
        if (value instanceof Composite composite) {
            Type[] parts = composite.getComponents();
            value = n <= parts.length ? parts[n - 1] : null;
        } else if (n != 1) {
            return null;
        }
        while (value instanceof Varies || value instanceof Composite) {
            value = value instanceof Varies v ? v.getData() : ((Composite) value).getComponents().length == 0 ? null
                    : ((Composite) value).getComponents()[0];
        }
        return value instanceof Primitive p ? p.getValue() : null;
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
