package org.darlingtontogether.carehub.deliver;

import ca.uhn.fhir.context.FhirContext;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * What a push carries: a FHIR R4 Bundle of type {@code history} with one entry. An upsert holds the resource version
 * (request {@code PUT Type/id}, {@code meta.versionId} set); a retraction holds no resource, only request
 * {@code DELETE Type/id} and the rule that withdrew it in the extension {@link #RETRACTION_REASON}: the consumer must
 * no longer hold or show it. {@code Bundle.identifier} is the idempotency key (also the {@code Idempotency-Key} header).
 */
@Component
public class PushPayloads {

    public static final String DELIVERY_SYSTEM = "https://fhir.darlingtontogether.org.uk/Id/delivery";
    public static final String RETRACTION_REASON = "https://fhir.darlingtontogether.org.uk/StructureDefinition/retraction-reason";

    private final FhirContext fhir;

    public PushPayloads(FhirContext fhir) {
        this.fhir = fhir;
    }

    public String upsert(OutboxRow row, Resource resource, boolean created) {
        Bundle bundle = bundle(row);
        Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(resource);
        entry.getRequest().setMethod(HTTPVerb.PUT).setUrl(row.reference());
        entry.getResponse().setStatus(created ? "201 Created" : "200 OK").setEtag("W/\"" + row.resourceVersion() + "\"");
        return fhir.newJsonParser().encodeResourceToString(bundle);
    }

    public String retraction(OutboxRow row) {
        Bundle bundle = bundle(row);
        Bundle.BundleEntryComponent entry = bundle.addEntry();
        entry.getRequest().setMethod(HTTPVerb.DELETE).setUrl(row.reference());
        entry.getResponse().setStatus("204 No Content");
        entry.addExtension(RETRACTION_REASON, new StringType(row.reason() == null ? "withdrawn" : row.reason()));
        return fhir.newJsonParser().encodeResourceToString(bundle);
    }

    private static Bundle bundle(OutboxRow row) {
        Bundle bundle = new Bundle();
        bundle.setType(BundleType.HISTORY);
        bundle.setIdentifier(new Identifier().setSystem(DELIVERY_SYSTEM).setValue(row.idempotencyKey()));
        bundle.setTimestamp(new Date());
        bundle.setTotal(1);
        return bundle;
    }
}
