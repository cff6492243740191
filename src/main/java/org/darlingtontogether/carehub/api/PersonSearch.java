package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** A search of one type by the person it is about: every parameter given must name the same person. */
final class PersonSearch {

    record Named(String name, ReferenceParam reference) {
    }

    private final RecordResources records;
    private final String typeName;

    PersonSearch(RecordResources records, String typeName) {
        this.records = records;
        this.typeName = typeName;
    }

    List<IBaseResource> search(Integer count, Named... parameters) {
        Set<String> people = new HashSet<>();
        boolean any = false;
        for (Named parameter : parameters) {
            if (parameter.reference() == null) {
                continue;
            }
            any = true;
            Optional<String> person = records.nhsNumberIn(parameter.name(), parameter.reference());
            if (person.isEmpty()) {
                return List.of();
            }
            people.add(person.get());
        }
        if (!any) {
            return records.ofType(typeName, count);
        }
        if (people.size() != 1) {
            return List.of();
        }
        return records.forPerson(people.iterator().next(), typeName);
    }
}
