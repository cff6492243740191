package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.govern.ConsentRecorder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The FHIR R4 API: HAPI's plain server at {@code /fhir}, on the hub's web server ({@code server.port}). */
@Configuration(proxyBeanMethods = false)
public class FhirApiConfig {

    /** The FHIR base path integration engineers and MDT systems script against. */
    public static final String BASE_PATH = "/fhir";

    @Bean
    ServletRegistrationBean<HubFhirServer> fhirServlet(FhirContext fhir, RecordResources records, ConsentRecorder consents,
                                                       List<IResourceProvider> providerBeans) {
        List<IResourceProvider> providers = providers(fhir, records);
        providers.add(new ConsentProvider(consents));
        // the providers that are Spring beans: Subscription, AuditEvent
        providers.addAll(providerBeans);
        ServletRegistrationBean<HubFhirServer> registration =
                new ServletRegistrationBean<>(new HubFhirServer(fhir, providers), BASE_PATH + "/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    static List<IResourceProvider> providers(FhirContext fhir, RecordResources records) {
        List<IResourceProvider> providers = new ArrayList<>();
        providers.add(new PatientProvider(records));
        for (String type : ApiResourceTypes.PERSON_LINKED) {
            RuntimeResourceDefinition definition = fhir.getResourceDefinition(type);
            providers.add(definition.getSearchParam("subject") != null
                    ? new SubjectLinkedProvider(records, type, definition.getImplementingClass())
                    : new PatientLinkedProvider(records, type, definition.getImplementingClass()));
        }
        return providers;
    }
}
