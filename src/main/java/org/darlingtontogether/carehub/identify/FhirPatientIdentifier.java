package org.darlingtontogether.carehub.identify;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Finds who a partner's FHIR resource is about, as an NHS number, in whatever form the partner writes it: a Patient's
 * identifier (the NHS number system or one of its older aliases, digits spaced or dashed); for other resources the
 * person reference ({@code subject}, {@code patient}) with an NHS number identifier, a contained Patient, or the
 * partner's own {@code Patient/id} whose Patient the hub has already taken in. Never guesses from a bare number.
 */
@Component
public class FhirPatientIdentifier {

    /** In a quarantine reason: the partner's Patient was not taken in (yet), so the resource waits for it. */
    public static final String NOT_TAKEN_IN = " has not been taken in, so its NHS number is not known";
    private static final Pattern WAITING_FOR = Pattern.compile("Patient/([A-Za-z0-9\\-.]{1,64})" + Pattern.quote(NOT_TAKEN_IN));
    private static final Pattern PATIENT_REFERENCE = Pattern.compile("(?:^|/)Patient/([A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]*)?$");

    private final FhirContext fhir;
    private final PartnerPatientIndex partnerPatients;

    public FhirPatientIdentifier(FhirContext fhir, PartnerPatientIndex partnerPatients) {
        this.fhir = fhir;
        this.partnerPatients = partnerPatients;
    }

    /**
     * @param personElements the elements that name the person (e.g. {@code subject}), in order; ignored for a Patient
     * @param nhsNumberSystems identifier systems that carry an NHS number
     */
    public Identification identify(Resource resource, String partner, List<String> personElements, Set<String> nhsNumberSystems) {
        if (resource instanceof Patient patient) {
            return fromIdentifiers(patient.getIdentifier(), nhsNumberSystems, "Patient.identifier");
        }
        String type = resource.fhirType();
        return personReference(resource, personElements)
                .map(named -> fromReference(resource, named.reference(), partner, nhsNumberSystems, type + "." + named.element()))
                .orElseGet(() -> Identification.unidentified(type + " names no person (" + String.join(", ", personElements) + ")"));
    }

    /**
     * The partner's own id of the Patient a resource names as its person, when it names one by a literal {@code Patient/id}
     * reference: what {@link #identify} may look up in the partner Patient index (a batch reads them ahead together).
     */
    public Optional<String> partnerPatientNamed(Resource resource, List<String> personElements) {
        if (resource instanceof Patient) {
            return Optional.empty();
        }
        return personReference(resource, personElements).flatMap(named -> partnerPatientId(named.reference().getReference()));
    }

    private record PersonReference(String element, Reference reference) {
    }

    /** The first reference, in the order of the person elements, that says anything. */
    private Optional<PersonReference> personReference(Resource resource, List<String> personElements) {
        FhirTerser terser = fhir.newTerser();
        for (String element : personElements) {
            for (IBase value : terser.getValues(resource, resource.fhirType() + "." + element)) {
                if (value instanceof Reference reference && !reference.isEmpty()) {
                    return Optional.of(new PersonReference(element, reference));
                }
            }
        }
        return Optional.empty();
    }

    /** The partner's Patient id a quarantine reason says the resource waits for, if it says so. */
    public static Optional<String> waitingFor(String quarantineReason) {
        Matcher m = WAITING_FOR.matcher(quarantineReason == null ? "" : quarantineReason);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The partner's own id of the Patient a reference points to, if it is a literal Patient reference. */
    public static Optional<String> partnerPatientId(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        Matcher m = PATIENT_REFERENCE.matcher(reference);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private Identification fromReference(Resource resource, Reference reference, String partner, Set<String> systems, String where) {
        Identifier identifier = reference.getIdentifier();
        if (identifier != null && identifier.getSystem() != null && systems.contains(identifier.getSystem())) {
            return fromIdentifiers(List.of(identifier), systems, where + ".identifier");
        }
        String ref = reference.getReference();
        if (ref != null && ref.startsWith("#")) {
            for (Resource contained : resource instanceof org.hl7.fhir.r4.model.DomainResource d ? d.getContained() : List.<Resource>of()) {
                String id = contained.getIdElement().getIdPart();
                if (contained instanceof Patient patient && id != null && ref.substring(1).equals(id.startsWith("#") ? id.substring(1) : id)) {
                    return fromIdentifiers(patient.getIdentifier(), systems, "contained Patient.identifier");
                }
            }
            return Identification.unidentified(where + " points to " + ref + ", which is not a contained Patient");
        }
        if (ref != null && ref.startsWith("urn:")) {
            return Identification.unidentified(where + " is a reference local to a Bundle (urn:), not a Patient the hub has taken in,"
                    + " and carries no NHS number identifier");
        }
        Optional<String> patientId = partnerPatientId(ref);
        if (patientId.isPresent()) {
            return partnerPatients.find(partner, patientId.get())
                    .map(known -> known.nhsNumber() != null
                            ? Identification.of(NhsNumber.of(known.nhsNumber()))
                            : Identification.unidentified(where + ": the partner's Patient/" + patientId.get() + " has no valid NHS number ("
                                    + known.problem() + ")"))
                    .orElseGet(() -> Identification.unidentified(where + ": the partner's Patient/" + patientId.get() + NOT_TAKEN_IN));
        }
        return Identification.unidentified(where + " carries neither an NHS number identifier nor a Patient reference");
    }

    /** The one NHS number among identifiers (current ones preferred over {@code use: old}), or why there is none. */
    public static Identification fromIdentifiers(List<Identifier> identifiers, Set<String> systems, String where) {
        // systems may be an immutable set, which refuses contains(null): identifiers without a system are skipped first
        Set<String> valid = new LinkedHashSet<>();
        Set<String> validOld = new LinkedHashSet<>();
        String problem = null;
        boolean any = false;
        for (Identifier identifier : identifiers) {
            if (identifier.getSystem() == null || !systems.contains(identifier.getSystem())) {
                continue;
            }
            any = true;
            String value = identifier.getValue();
            String why = NhsNumber.problemWith(value);
            if (why != null) {
                problem = problem == null ? why : problem;
                continue;
            }
            (identifier.getUse() == Identifier.IdentifierUse.OLD ? validOld : valid).add(NhsNumber.of(value).value());
        }
        Set<String> chosen = valid.isEmpty() ? validOld : valid;
        if (chosen.size() == 1) {
            return Identification.of(NhsNumber.of(chosen.iterator().next()));
        }
        if (chosen.size() > 1) {
            return Identification.unidentified(where + " carries " + chosen.size() + " different NHS numbers");
        }
        if (!any) {
            return Identification.unidentified(where + " has no NHS number (identifier system " + NhsNumber.SYSTEM + ")");
        }
        return Identification.unidentified(where + ": " + problem);
    }
}
