package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * HAPI's plain server over the shared record: read-only for consumers (consent directives are written by the IG
 * lead), JSON unless asked otherwise, errors as OperationOutcome.
 */
public class HubFhirServer extends RestfulServer {

    private static final long serialVersionUID = 1L;

    private final transient List<IResourceProvider> providers;

    public HubFhirServer(FhirContext fhir, List<IResourceProvider> providers) {
        super(fhir);
        this.providers = providers;
    }

    @Override
    protected void initialize() {
        setServerName("Darlington Together care hub");
        setImplementationDescription("Darlington Together shared care record (FHIR R4; read-only but for consent directives)");
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setResourceProviders(providers);
        registerInterceptor(new SecurityInCapabilityStatement());
    }

    /** Tells clients in the CapabilityStatement how to authenticate (OAuth2 client credentials, bearer JWT). */
    public static class SecurityInCapabilityStatement {
        @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
        public void describeSecurity(IBaseConformance capabilityStatement, RequestDetails request) {
            if (!(capabilityStatement instanceof CapabilityStatement statement)) {
                return;
            }
            String base = request.getFhirServerBase();
            String tokenUrl = base.endsWith(FhirApiConfig.BASE_PATH)
                    ? base.substring(0, base.length() - FhirApiConfig.BASE_PATH.length()) + "/oauth2/token"
                    : null;
            for (CapabilityStatementRestComponent rest : statement.getRest()) {
                var security = rest.getSecurity();
                security.addService(new CodeableConcept(
                        new Coding("http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth")));
                security.setDescription("OAuth2 client credentials: a bearer JWT with scope fhir.read, issued to a configured"
                        + " consumer (built-in endpoint POST /oauth2/token, unless the hub is configured to trust an external issuer)");
                if (tokenUrl != null) {
                    Extension uris = security.addExtension().setUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
                    uris.addExtension("token", new UriType(tokenUrl));
                }
            }
        }
    }
}
