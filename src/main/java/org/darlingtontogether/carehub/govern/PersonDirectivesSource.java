package org.darlingtontogether.carehub.govern;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.r4.model.Consent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * People's directives as the shared record holds them now: every current Consent about them (from partners' feeds or
 * the hub's own API), read with the Consent profile, and whether they are on the national data opt-out. Read at each
 * decision, so an objection or a withdrawal counts from the moment it is stored. Each Consent version is parsed once.
 */
@Component
public class PersonDirectivesSource {

    private static final Logger log = LoggerFactory.getLogger(PersonDirectivesSource.class);
    private static final int CACHE_LIMIT = 20_000;

    private final SharedRecordStore store;
    private final FhirContext fhir;
    private final ConsentReader reader;
    private final NationalOptOut optOut;
    private final Map<String, List<Directive>> parsed = new ConcurrentHashMap<>();

    @Autowired
    public PersonDirectivesSource(SharedRecordStore store, FhirContext fhir, CarehubProperties properties, NationalOptOut optOut) {
        this(store, fhir, new ConsentReader(Vocabulary.of(properties)), optOut);
    }

    public PersonDirectivesSource(SharedRecordStore store, FhirContext fhir, ConsentReader reader, NationalOptOut optOut) {
        this.store = store;
        this.fhir = fhir;
        this.reader = reader;
        this.optOut = optOut;
    }

    public PersonDirectives forPerson(String nhsNumber) {
        return forPeople(List.of(nhsNumber)).get(nhsNumber);
    }

    /** Every one of these people's directives (none recorded: no directives), in one query. */
    public Map<String, PersonDirectives> forPeople(Collection<String> nhsNumbers) {
        Map<String, List<Directive>> byPerson = new HashMap<>();
        for (StoredResource consent : store.forPeople(nhsNumbers, "Consent")) {
            byPerson.computeIfAbsent(consent.nhsNumber(), n -> new ArrayList<>()).addAll(directives(consent));
        }
        Map<String, PersonDirectives> people = new HashMap<>();
        for (String nhsNumber : nhsNumbers) {
            people.put(nhsNumber, new PersonDirectives(byPerson.getOrDefault(nhsNumber, List.of()), optOut.optedOut(nhsNumber)));
        }
        return people;
    }

    private List<Directive> directives(StoredResource stored) {
        String key = stored.id() + "/" + stored.version();
        List<Directive> known = parsed.get(key);
        if (known != null) {
            return known;
        }
        List<Directive> directives;
        try {
            Consent consent = fhir.newJsonParser().parseResource(Consent.class, stored.content());
            ConsentReader.Reading reading = reader.read(consent, "Consent/" + stored.id());
            if (!reading.valid()) {
                log.warn("Consent/{} (from {}) does not follow the profile; read safe-side: {}", stored.id(), stored.sourcePartner(),
                        String.join("; ", reading.problems()));
            }
            directives = reading.directives();
        } catch (RuntimeException unreadable) {
            // cannot tell what the person asked: treat it as an objection to everything, never as permission
            log.warn("Consent/{} (from {}) cannot be parsed ({}); treated as an objection to all sharing", stored.id(),
                    stored.sourcePartner(), unreadable.getClass().getSimpleName());
            directives = List.of(new Directive(Directive.Kind.OBJECTION, "Consent/" + stored.id(), null, null, null, null, null, null,
                    stored.sourcePartner(), false));
        }
        if (parsed.size() > CACHE_LIMIT) {
            parsed.clear();
        }
        parsed.put(key, directives);
        return directives;
    }
}
