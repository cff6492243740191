package org.darlingtontogether.carehub.map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.identify.FhirPatientIdentifier;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.identify.PartnerPatientIndex;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A partner's FHIR R4 resource into the shared record, as {@code mappings/fhir} says: the id derived from the partner's
 * own id (a Patient's from its NHS number), references rewritten to the shared record's ids (the person's with the
 * NHS number identifier; types the record does not keep as logical references), a contained Patient replaced by the
 * reference to the person, NHS number identifiers in the one system and ten digits, {@code meta.source} and the
 * category tags stamped. Everything else the partner sent stays: UK Core extensions and profiles, {@code meta.security}
 * labels, status (so {@code entered-in-error} reaches the record as sent), provision, period.
 */
@Component
public class FhirResourceMapper {

    /** Base of the identifier systems for partners' ids of resources the record does not keep. */
    public static final String PARTNER_ID_BASE = "https://fhir.darlingtontogether.org.uk/Id/";
    private static final Logger log = LoggerFactory.getLogger(FhirResourceMapper.class);

    private final FhirMappings mappings;
    private final ResourceIds ids;
    private final FhirContext fhir;
    private final PartnerPatientIndex partnerPatients;

    public FhirResourceMapper(CarehubProperties properties, ResourceIds ids, FhirContext fhir, PartnerPatientIndex partnerPatients) {
        Path location = properties.getMappings().getLocation();
        this.mappings = new FhirMappingLoader(fhir).load(location);
        this.ids = ids;
        this.fhir = fhir;
        this.partnerPatients = partnerPatients;
        log.info("FHIR feed mappings loaded from {}: {}", location.toAbsolutePath(), new java.util.TreeSet<>(mappings.resources().keySet()));
    }

    public boolean supports(String resourceType) {
        return mappings.resources().containsKey(resourceType);
    }

    public Set<String> supportedTypes() {
        return mappings.resources().keySet();
    }

    /** The elements that name the person of a resource type (empty for Patient). */
    public List<String> personElements(String resourceType) {
        FhirMappings.ResourceRule rule = mappings.resources().get(resourceType);
        return rule == null ? List.of() : rule.person();
    }

    public Set<String> nhsNumberSystems() {
        return mappings.nhsNumberSystems();
    }

    /**
     * The record write the resource makes. The resource is changed in place.
     *
     * @param messageKey the inbox key ({@code Type/id/_history/version}), for {@code meta.source}
     * @throws MappingException when the resource cannot be taken (type not mapped, no id), naming the problem
     */
    public MappedMessage map(Resource resource, String messageKey, MappingContext context) {
        String type = resource.fhirType();
        FhirMappings.ResourceRule rule = mappings.resources().get(type);
        if (rule == null) {
            throw new MappingException(type + " is not taken from FHIR feeds (no mappings/fhir/resource/" + type + ".yml)");
        }
        if (context.nhsNumber() == null) {
            throw new MappingException(type + ": not identified by an NHS number");
        }
        String partnerId = resource.getIdElement().getIdPart();
        if (partnerId == null || partnerId.isBlank()) {
            throw new MappingException(type + " has no id, so a later version could not be recognised");
        }
        String partner = context.partner();
        String nhs = context.nhsNumber().value();
        Set<Reference> person = personReferences(resource, rule);
        Set<String> containedPatients = new HashSet<>();
        if (resource instanceof DomainResource domain) {
            for (Resource contained : domain.getContained()) {
                if (contained instanceof Patient) {
                    containedPatients.add(stripHash(contained.getIdElement().getIdPart()));
                }
            }
            domain.getContained().removeIf(c -> c instanceof Patient);
        }
        for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
            rewrite(reference, partner, nhs, person.contains(reference), containedPatients);
        }
        if (resource instanceof Patient patient) {
            normaliseNhsIdentifiers(patient, nhs);
        }
        resource.setId(rule.isPerson() ? ids.idFor(partner, "Patient", nhs) : ids.idFor(partner, type, partnerId));
        Meta meta = resource.getMeta();
        meta.setVersionId(null);
        meta.setLastUpdated(null);
        // a partner does not choose the hub's categories: only the mapping does
        meta.getTag().removeIf(tag -> RecordMeta.CATEGORY_SYSTEM.equals(tag.getSystem()));
        RecordMeta.stamp(resource, RecordMeta.source(partner, messageKey), rule.category());
        FhirMappings.PartnerRule partnerRule = mappings.partners().getOrDefault(partner, FhirMappings.PartnerRule.none(partner));
        String fileUnder = rule.category();
        if (!partnerRule.except().contains(type)) {
            for (String extra : partnerRule.categories()) {
                meta.addTag(RecordMeta.CATEGORY_SYSTEM, extra, null);
            }
            if (partnerRule.fileUnder() != null) {
                fileUnder = partnerRule.fileUnder();
            }
        }
        return new MappedMessage(List.of(new RecordWrite(resource, nhs, partner, context.inboxId(), fileUnder)), List.of());
    }

    /**
     * The partner deleted its resource {@code type/partnerId}: the record's resource made from it is marked deleted.
     * A Patient is found by the NHS number it was taken in under; a resource the hub never took in needs nothing.
     */
    public MappedMessage deletion(String partner, String type, String partnerId) {
        if (!supports(type)) {
            throw new MappingException(type + " is not taken from FHIR feeds (no mappings/fhir/resource/" + type + ".yml)");
        }
        if (type.equals("Patient")) {
            return partnerPatients.find(partner, partnerId).filter(e -> e.nhsNumber() != null)
                    .map(e -> new MappedMessage(List.of(), List.of(), List.of(new MappedMessage.Deletion(type, ids.idFor(partner, type, e.nhsNumber())))))
                    .orElseGet(() -> new MappedMessage(List.of(), List.of(), List.of()));
        }
        return new MappedMessage(List.of(), List.of(), List.of(new MappedMessage.Deletion(type, ids.idFor(partner, type, partnerId))));
    }

    /** The Reference objects of the person elements: they point to this resource's person, whatever they say. */
    private Set<Reference> personReferences(Resource resource, FhirMappings.ResourceRule rule) {
        Set<Reference> found = Collections.newSetFromMap(new IdentityHashMap<>());
        FhirTerser terser = fhir.newTerser();
        for (String element : rule.person()) {
            for (IBase value : terser.getValues(resource, resource.fhirType() + "." + element)) {
                if (value instanceof Reference reference) {
                    found.add(reference);
                }
            }
        }
        return found;
    }

    private void rewrite(Reference reference, String partner, String nhs, boolean isPerson, Set<String> containedPatients) {
        String literal = reference.getReference();
        if (isPerson) {
            toPerson(reference, partner, nhs);
            return;
        }
        Identifier identifier = reference.getIdentifier();
        if (identifier != null && mappings.nhsNumberSystems().contains(identifier.getSystem()) && NhsNumber.isValid(identifier.getValue())) {
            toPerson(reference, partner, NhsNumber.of(identifier.getValue()).value());
            return;
        }
        if (literal == null || literal.isBlank() || literal.startsWith("urn:")) {
            return;
        }
        if (literal.startsWith("#")) {
            if (containedPatients.contains(literal.substring(1))) {
                toPerson(reference, partner, nhs);
            }
            return;
        }
        Optional<String> partnerPatient = FhirPatientIdentifier.partnerPatientId(literal);
        if (partnerPatient.isPresent()) {
            // another person (a Consent's actor, say): known to the hub only if their Patient was taken in
            partnerPatients.find(partner, partnerPatient.get()).filter(e -> e.nhsNumber() != null)
                    .ifPresentOrElse(e -> toPerson(reference, partner, e.nhsNumber()),
                            () -> toLogical(reference, partner, "Patient", partnerPatient.get()));
            return;
        }
        IdType id = new IdType(literal);
        String type = id.getResourceType();
        String idPart = id.getIdPart();
        if (type == null || idPart == null) {
            return;
        }
        if (mappings.resources().containsKey(type)) {
            reference.setReference(type + "/" + ids.idFor(partner, type, idPart));
        } else if (mappings.otherReferences() == FhirMappings.OtherReferences.LOGICAL) {
            toLogical(reference, partner, type, idPart);
        }
    }

    private void toPerson(Reference reference, String partner, String nhs) {
        reference.setReference("Patient/" + ids.idFor(partner, "Patient", nhs));
        reference.setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhs));
    }

    private static void toLogical(Reference reference, String partner, String type, String idPart) {
        reference.setReference(null);
        reference.setType(type);
        if (!reference.hasIdentifier()) {
            reference.setIdentifier(new Identifier().setSystem(PARTNER_ID_BASE + partner + "-" + type.toLowerCase(Locale.ROOT)).setValue(idPart));
        }
    }

    /** Every NHS number identifier in the one system and ten digits; the identified number present. */
    private void normaliseNhsIdentifiers(Patient patient, String nhs) {
        boolean present = false;
        for (Identifier identifier : patient.getIdentifier()) {
            if (!mappings.nhsNumberSystems().contains(identifier.getSystem())) {
                continue;
            }
            identifier.setSystem(NhsNumber.SYSTEM);
            if (NhsNumber.isValid(identifier.getValue())) {
                identifier.setValue(NhsNumber.of(identifier.getValue()).value());
                present |= nhs.equals(identifier.getValue());
            }
        }
        if (!present) {
            // traced by an operator after quarantine: the record says which number it is filed under
            patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhs);
        }
    }

    private static String stripHash(String id) {
        return id != null && id.startsWith("#") ? id.substring(1) : id;
    }
}
