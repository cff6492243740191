package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/** Read and vread of one resource type from the shared record; subclasses add the searches the type has. */
public abstract class RecordResourceProvider implements IResourceProvider {

    protected final RecordResources records;
    protected final String typeName;
    private final Class<? extends IBaseResource> type;

    protected RecordResourceProvider(RecordResources records, String typeName, Class<? extends IBaseResource> type) {
        this.records = records;
        this.typeName = typeName;
        this.type = type;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return type;
    }

    @Read(version = true)
    public IBaseResource read(@IdParam IdType id) {
        return records.read(typeName, id);
    }
}
