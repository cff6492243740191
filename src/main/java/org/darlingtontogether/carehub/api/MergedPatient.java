package org.darlingtontogether.carehub.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * One Patient per NHS number from every partner's Patient the consumer may see. The rule, per element:
 * <ul>
 * <li>{@code identifier}: every partner's identifiers are kept (NHS number first, then each source's local ones, no
 * duplicates);</li>
 * <li>{@code generalPractitioner}: the GP federation's ({@code phd}) value when it has one, since the registered
 * practice knows its own registration; otherwise as below;</li>
 * <li>every other element (name, telecom, gender, birthDate, deceased, address, maritalStatus, contact, communication,
 * managingOrganization, active): the value of the most recently updated source Patient that has it, whole (an
 * element's repetitions are never mixed across sources).</li>
 * </ul>
 * Provenance per element: {@code meta.extension} {@link #ELEMENT_SOURCE} with {@code element} and {@code source} (the
 * winning Patient's {@code meta.source}) sub-extensions, and a {@code link} of type {@code seealso} to each source
 * Patient. Pure: no I/O, so a test can feed it Patients.
 */
public final class MergedPatient {

    public static final String ELEMENT_SOURCE = "https://fhir.darlingtontogether.org.uk/StructureDefinition/element-source";
    static final String GP_PARTNER = "phd";
    static final List<String> ELEMENTS = List.of("active", "name", "telecom", "gender", "birthDate", "deceased[x]", "address",
            "maritalStatus", "contact", "communication", "generalPractitioner", "managingOrganization");

    private MergedPatient() {
    }

    /** The merged Patient, or null when there is no source Patient. */
    public static Patient merge(List<Patient> sources) {
        if (sources.isEmpty()) {
            return null;
        }
        List<Patient> newestFirst = new ArrayList<>(sources);
        newestFirst.sort(Comparator.comparing((Patient p) -> p.getMeta().getLastUpdated(), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(p -> p.getIdElement().getIdPart()));
        Patient merged = new Patient();
        merged.setId(newestFirst.get(0).getIdElement().getIdPart() + "-merged");
        merged.getMeta().setLastUpdated(newestFirst.get(0).getMeta().getLastUpdated());
        merged.getMeta().setSource("https://fhir.darlingtontogether.org.uk/merged");
        merged.getMeta().addTag(RecordMeta.CATEGORY_SYSTEM, "demographics", null);
        identifiers(newestFirst, merged);
        for (String element : ELEMENTS) {
            Patient winner = winner(element, newestFirst);
            if (winner == null) {
                continue;
            }
            String name = element.replace("[x]", "");
            for (Base value : winner.getNamedProperty(name).getValues()) {
                merged.setProperty(element, value.copy());
            }
            Extension provenance = merged.getMeta().addExtension().setUrl(ELEMENT_SOURCE);
            provenance.addExtension("element", new StringType(name));
            provenance.addExtension("source", new UriType(winner.getMeta().getSource()));
        }
        for (Patient source : newestFirst) {
            merged.addLink().setType(Patient.LinkType.SEEALSO).setOther(new Reference("Patient/" + source.getIdElement().getIdPart()));
        }
        return merged;
    }

    private static Patient winner(String element, List<Patient> newestFirst) {
        String name = element.replace("[x]", "");
        if ("generalPractitioner".equals(name)) {
            for (Patient p : newestFirst) {
                if (p.getMeta().getSource() != null && p.getMeta().getSource().startsWith(RecordMeta.SOURCE_BASE + GP_PARTNER + "#")
                        && p.hasGeneralPractitioner()) {
                    return p;
                }
            }
        }
        for (Patient p : newestFirst) {
            if (p.getNamedProperty(name).hasValues()) {
                return p;
            }
        }
        return null;
    }

    private static void identifiers(List<Patient> newestFirst, Patient merged) {
        Map<String, Identifier> all = new LinkedHashMap<>();
        for (Patient p : newestFirst) {
            for (Identifier identifier : p.getIdentifier()) {
                if (NhsNumber.SYSTEM.equals(identifier.getSystem())) {
                    all.putIfAbsent(identifier.getSystem() + "|" + identifier.getValue(), identifier);
                }
            }
        }
        for (Patient p : newestFirst) {
            for (Identifier identifier : p.getIdentifier()) {
                all.putIfAbsent(identifier.getSystem() + "|" + identifier.getValue(), identifier);
            }
        }
        all.values().forEach(i -> merged.addIdentifier(i.copy()));
    }

    static Date newest(List<Patient> sources) {
        return sources.stream().map(p -> p.getMeta().getLastUpdated()).filter(d -> d != null).max(Date::compareTo).orElse(null);
    }
}
