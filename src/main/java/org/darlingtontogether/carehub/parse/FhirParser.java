package org.darlingtontogether.carehub.parse;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.ErrorHandlerAdapter;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Reads one FHIR R4 resource as a partner sent it, JSON or XML (told apart by the first character). Values that are
 * not valid for their element, a wrong JSON type or a missing required element make the resource unreadable; elements
 * this FHIR version does not know are skipped, as partners on later profiles send some. Nothing is logged: HAPI's
 * lenient handler would log the offending values.
 */
@Component
public class FhirParser {

    private final FhirContext fhir;

    public FhirParser(FhirContext fhir) {
        this.fhir = fhir;
    }

    public Resource parse(String text) throws FhirParseException {
        String body = text == null ? "" : text.strip();
        if (body.startsWith("\uFEFF")) {
            body = body.substring(1).strip();
        }
        if (body.isEmpty()) {
            throw new FhirParseException("empty FHIR resource", "empty FHIR resource", null);
        }
        boolean xml = body.charAt(0) == '<';
        String format = xml ? "XML" : "JSON";
        IParser parser = (xml ? fhir.newXmlParser() : fhir.newJsonParser()).setParserErrorHandler(new Refusing());
        IBaseResource resource;
        try {
            resource = parser.parseResource(body);
        } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
            throw new FhirParseException("cannot read FHIR " + format + ": " + e.getMessage(),
                    "cannot read FHIR " + format + " (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!(resource instanceof Resource r4)) {
            throw new FhirParseException("not a FHIR R4 resource", "not a FHIR R4 resource", null);
        }
        return r4;
    }

    /** Refuses what would change the meaning of a resource; tolerates unknown elements. Says where, not what. */
    private static final class Refusing extends ErrorHandlerAdapter {
        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            throw new DataFormatException("invalid value at " + where(location) + ": " + error);
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String elementName, ValueType expected, ScalarType expectedScalar,
                                      ValueType found, ScalarType foundScalar) {
            throw new DataFormatException("element '" + elementName + "' at " + where(location) + " should be "
                    + expected + (expectedScalar == null ? "" : " " + expectedScalar) + ", found " + found
                    + (foundScalar == null ? "" : " " + foundScalar));
        }

        @Override
        public void missingRequiredElement(IParseLocation location, String elementName) {
            throw new DataFormatException("required element '" + elementName + "' missing at " + where(location));
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
            throw new DataFormatException("element '" + elementName + "' repeats at " + where(location) + " but may occur once");
        }

        private static String where(IParseLocation location) {
            return location == null || location.getParentElementName() == null ? "resource" : location.getParentElementName();
        }
    }
}
