package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.darlingtontogether.carehub.api.security.HubCaller;
import org.darlingtontogether.carehub.govern.ConsumerAccess;
import org.darlingtontogether.carehub.govern.Decision;
import org.darlingtontogether.carehub.govern.DecisionLog;
import org.darlingtontogether.carehub.govern.GovernedRecord;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * The shared record as the FHIR API shows it: stored JSON with its version and time put back in {@code meta},
 * people found by NHS number (from an identifier, or from the Patient a reference points at), and the API's
 * answers when something is missing, gone or asked for wrongly. Every answer is governed: the calling consumer sees
 * only what the decision point shares with it for its purpose, today, under each person's directives (a withheld
 * resource is left out of searches and {@code $everything}, and a read of one answers 404 as if it did not exist, so
 * an answer never reveals that something is held back); every decision is logged, one batch per request.
 */
@Component
public class RecordResources {

    /** Results of an unfiltered search when the client gives no {@code _count}, and the most it may ask for. */
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;

    private final SharedRecordStore store;
    private final ParsedResources parsed;
    private final ConsumerAccess access;

    public RecordResources(SharedRecordStore store, ParsedResources parsed, ConsumerAccess access) {
        this.store = store;
        this.parsed = parsed;
        this.access = access;
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
            return governed(List.of(version)).stream().findFirst()
                    .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id.getIdPart(), id.getVersionIdPart())));
        }
        StoredResource current = store.read(type, id.getIdPart())
                .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id.getIdPart())));
        if (current.deleted()) {
            throw new ResourceGoneException(new IdType(type, id.getIdPart()));
        }
        return governed(List.of(current)).stream().findFirst()
                .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id.getIdPart())));
    }

    /** Every current resource about a person the caller may see, of one type or (null) of all types. */
    public List<IBaseResource> forPerson(String nhsNumber, String typeOrNull) {
        return governed(store.forPerson(nhsNumber, typeOrNull));
    }

    /** Up to {@code count} current resources of a type, less those the caller may not see. */
    public List<IBaseResource> ofType(String type, Integer count) {
        int limit = count == null ? DEFAULT_PAGE : Math.max(0, Math.min(count, MAX_PAGE));
        return governed(store.ofType(type, limit));
    }

    /** Every current resource about a person the caller may see, as stored (for answers written from the stored JSON). */
    public List<StoredResource> storedForPerson(String nhsNumber) {
        List<StoredResource> stored = store.forPerson(nhsNumber, null);
        List<IBaseResource> views = new ArrayList<>(stored.size());
        for (StoredResource resource : stored) {
            views.add(parsed.view(resource));
        }
        return shared(stored, decide(stored, views));
    }

    /**
     * The stored resources the calling consumer may see, in order, each decision logged (one batch). A caller that is
     * not a configured consumer sees nothing.
     */
    List<IBaseResource> governed(List<StoredResource> stored) {
        List<IBaseResource> parsed = new ArrayList<>(stored.size());
        for (StoredResource resource : stored) {
            parsed.add(toResource(resource));
        }
        return shared(parsed, decide(stored, parsed));
    }

    /** The decision for each stored resource (its parse gives the labels), logged; none when the caller is not a consumer. */
    private List<Decision> decide(List<StoredResource> stored, List<IBaseResource> parsed) {
        Optional<HubCaller> caller = HubCaller.current().filter(c -> c.isConsumer() && c.purpose() != null);
        if (caller.isEmpty() || stored.isEmpty()) {
            return List.of();
        }
        List<GovernedRecord> records = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            records.add(GovernedRecord.of(stored.get(i), parsed.get(i)));
        }
        return access.decide(caller.get().clientId(), caller.get().purpose().code(), records, DecisionLog.Stage.READ);
    }

    private static <T> List<T> shared(List<T> items, List<Decision> decisions) {
        List<T> visible = new ArrayList<>(decisions.size());
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).shared()) {
                visible.add(items.get(i));
            }
        }
        return visible;
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
        return parsed.of(stored);
    }

    private static Optional<Integer> versionNumber(IdType id) {
        try {
            return Optional.of(Integer.parseInt(id.getVersionIdPart()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
