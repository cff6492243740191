package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.darlingtontogether.carehub.api.security.HubCaller;
import org.darlingtontogether.carehub.govern.ConsentRecorder;
import org.darlingtontogether.carehub.govern.ConsentRefusedException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Consent directives recorded through the hub ({@code POST /fhir/Consent}, {@code PUT /fhir/Consent/{id}}) by a client
 * with scope {@code consent.write} (the IG lead). 201/200 with the new id and version; 422 with an OperationOutcome
 * naming every problem when the Consent does not follow the profile (agreements/README.md); 404 for an update of a
 * Consent the hub does not hold. Consents are governance data: no consumer can read them.
 */
public class ConsentProvider implements IResourceProvider {

    private final ConsentRecorder recorder;

    public ConsentProvider(ConsentRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return Consent.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Consent consent) {
        try {
            return outcome(recorder.create(consent, recordedBy()), true);
        } catch (ConsentRefusedException refused) {
            throw refusal(refused);
        }
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Consent consent) {
        try {
            return outcome(recorder.update(id.getIdPart(), consent, recordedBy()), false);
        } catch (ConsentRefusedException refused) {
            throw refusal(refused);
        }
    }

    private static MethodOutcome outcome(ConsentRecorder.Recorded recorded, boolean created) {
        MethodOutcome outcome = new MethodOutcome(new IdType("Consent", recorded.id(), String.valueOf(recorded.version())));
        outcome.setCreated(created);
        return outcome;
    }

    private static String recordedBy() {
        return HubCaller.current().map(HubCaller::clientId).orElse("unknown client");
    }

    private static RuntimeException refusal(ConsentRefusedException refused) {
        OperationOutcome outcome = new OperationOutcome();
        for (String problem : refused.problems()) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(refused.notFound() ? OperationOutcome.IssueType.NOTFOUND : OperationOutcome.IssueType.INVARIANT)
                    .setDiagnostics(problem);
        }
        return refused.notFound() ? new ResourceNotFoundException(refused.getMessage(), outcome)
                : new UnprocessableEntityException(refused.getMessage(), outcome);
    }
}
