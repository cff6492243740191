package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * The shared record as the FHIR API shows it: stored JSON with its version and time put back in {@code meta},
 * people found by NHS number (from an identifier, or from the Patient a reference points at), and the API's
 * answers when something is missing, gone or asked for wrongly.
 */
@Component
public class RecordResources {

    /** Results of an unfiltered search when the client gives no {@code _count}, and the most it may ask for. */
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;

    private final SharedRecordStore store;
    private final FhirContext fhir;

    public RecordResources(SharedRecordStore store, FhirContext fhir) {
        this.store = store;
        this.fhir = fhir;
    }

    /** A read ({@code Type/id}) or a vread ({@code Type/id/_history/n}). */
    public IBaseResource read(String type, IdType id) {
        if (id.hasVersionIdPart()) {
            StoredResource version = versionNumber(id)
                    .flatMap(v -> store.readVersion(type, id.getIdPart(), v))
                    .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id.getIdPart(), id.getVersionIdPart())));
            if (version.deleted()) {
                throw new ResourceGoneException(new IdType(type, id.getIdPart(), id.getVersionIdPart()));
            }
            return toResource(version);
        }
        StoredResource current = store.read(type, id.getIdPart())
                .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id.getIdPart())));
        if (current.deleted()) {
            throw new ResourceGoneException(new IdType(type, id.getIdPart()));
        }
        return toResource(current);
    }

    /** Every current resource about a person, of one type or (null) of all types. */
    public List<IBaseResource> forPerson(String nhsNumber, String typeOrNull) {
        return store.forPerson(nhsNumber, typeOrNull).stream().map(this::toResource).toList();
    }

    public List<IBaseResource> ofType(String type, Integer count) {
        int limit = count == null ? DEFAULT_PAGE : Math.max(0, Math.min(count, MAX_PAGE));
        return store.ofType(type, limit).stream().map(this::toResource).toList();
    }

    /** The NHS number of the person a current Patient resource is about; empty when there is no such Patient. */
    public Optional<String> nhsNumberOfPatient(String patientId) {
        return store.read("Patient", patientId).filter(p -> !p.deleted()).map(StoredResource::nhsNumber);
    }

    /** The NHS number in an {@code identifier} token; a 400 naming the problem when it is not a valid one. */
    public String nhsNumberIn(String system, String value) {
        if (system != null && !system.isBlank() && !NhsNumber.SYSTEM.equals(system)) {
            throw new InvalidRequestException("Only NHS number identifiers can be searched: use the system " + NhsNumber.SYSTEM);
        }
        String problem = NhsNumber.problemWith(value);
        if (problem != null) {
            throw new InvalidRequestException("Invalid identifier: " + problem);
        }
        return NhsNumber.of(value).value();
    }

    public String nhsNumberIn(TokenParam identifier) {
        return nhsNumberIn(identifier.getSystem(), identifier.getValue());
    }

    /**
     * The person a {@code patient}/{@code subject} parameter names: {@code Patient/id}, a bare id, or the chain
     * {@code .identifier=system|value}. Empty when it names a Patient the record does not hold.
     */
    public Optional<String> nhsNumberIn(String parameter, ReferenceParam reference) {
        if (reference.hasChain()) {
            if (!"identifier".equals(reference.getChain())) {
                throw new InvalidRequestException("Unsupported chain " + parameter + "." + reference.getChain() + ": only "
                        + parameter + ".identifier is supported");
            }
            String token = reference.getValue();
            int bar = token.indexOf('|');
            return Optional.of(bar < 0 ? nhsNumberIn(null, token) : nhsNumberIn(token.substring(0, bar), token.substring(bar + 1)));
        }
        String type = reference.getResourceType();
        if (type != null && !type.isBlank() && !"Patient".equals(type)) {
            throw new InvalidRequestException("Parameter " + parameter + " must refer to a Patient, not " + type);
        }
        String id = reference.getIdPart();
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException("Parameter " + parameter + " needs a Patient id, e.g. " + parameter + "=Patient/123");
        }
        return nhsNumberOfPatient(id);
    }

    IBaseResource toResource(StoredResource stored) {
        IBaseResource resource = fhir.newJsonParser().parseResource(stored.content());
        String version = String.valueOf(stored.version());
        resource.setId(new IdType(stored.resourceType(), stored.id(), version));
        resource.getMeta().setVersionId(version);
        resource.getMeta().setLastUpdated(Date.from(stored.lastUpdated()));
        return resource;
    }

    private static Optional<Integer> versionNumber(IdType id) {
        try {
            return Optional.of(Integer.parseInt(id.getVersionIdPart()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
