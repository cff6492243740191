package org.darlingtontogether.carehub.record;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * Carries out a merge of two identities (HL7 v2 ADT A40): everything held under the retired NHS number moves under
 * the surviving one, each as a new version, references rewritten. The retired Patient records stay, inactive and
 * linked to the survivor ("replaced-by"), so nothing is lost and the merge can be traced.
 */
@Component
public class IdentityMerge {

    private final SharedRecordStore store;
    private final ResourceIds ids;
    private final FhirContext fhir;

    public IdentityMerge(SharedRecordStore store, ResourceIds ids, FhirContext fhir) {
        this.store = store;
        this.ids = ids;
        this.fhir = fhir;
    }

    /** Moves every current resource about {@code retired} under {@code survivor}; returns how many moved. */
    public int merge(NhsNumber retired, NhsNumber survivor, long inboxId) {
        if (retired.equals(survivor)) {
            return 0;
        }
        List<StoredResource> held = store.forPerson(retired.value(), null);
        for (StoredResource stored : held) {
            IBaseResource resource = fhir.newJsonParser().parseResource(stored.content());
            String oldPatient = "Patient/" + ids.idFor(stored.sourcePartner(), "Patient", retired.value());
            String newPatient = "Patient/" + ids.idFor(stored.sourcePartner(), "Patient", survivor.value());
            for (Reference ref : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                if (oldPatient.equals(ref.getReference())) {
                    ref.setReference(newPatient);
                }
                Identifier id = ref.getIdentifier();
                if (NhsNumber.SYSTEM.equals(id.getSystem()) && retired.value().equals(id.getValue())) {
                    id.setValue(survivor.value());
                }
            }
            if (resource instanceof Patient patient) {
                retire(patient, newPatient);
            }
            store.write(new RecordWrite(resource, survivor.value(), stored.sourcePartner(), inboxId, stored.category()));
        }
        return held.size();
    }

    private static void retire(Patient patient, String survivorReference) {
        patient.setActive(false);
        patient.getIdentifier().stream()
                .filter(i -> NhsNumber.SYSTEM.equals(i.getSystem()))
                .forEach(i -> i.setUse(Identifier.IdentifierUse.OLD));
        boolean linked = patient.getLink().stream().anyMatch(l -> survivorReference.equals(l.getOther().getReference()));
        if (!linked) {
            patient.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference(survivorReference));
        }
    }
}
