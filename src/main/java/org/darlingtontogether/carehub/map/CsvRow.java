package org.darlingtontogether.carehub.map;

import java.util.Map;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/** One row being mapped: its values by column (as FHIR wants them), and what the variables mean for it. */
final class CsvRow {

    private final CsvExtract extract;
    private final Map<String, String> values;
    private final String partner;
    private final NhsNumber person;
    private final String patientId;

    CsvRow(CsvExtract extract, Map<String, String> values, String partner, NhsNumber person, String patientId) {
        this.extract = extract;
        this.values = values;
        this.partner = partner;
        this.person = person;
        this.patientId = patientId;
    }

    String partner() {
        return partner;
    }

    String value(String column) {
        return extract.fhirValue(column, values.get(column));
    }

    Object variable(String name) {
        return switch (name) {
            case "$nhsNumber" -> person.value();
            case "$partner" -> partner;
            case "$extract" -> extract.name();
            case "$ref.Patient" -> {
                Reference reference = new Reference("Patient/" + patientId);
                reference.setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(person.value()));
                yield reference;
            }
            default -> throw new IllegalStateException("unknown variable " + name);
        };
    }
}
