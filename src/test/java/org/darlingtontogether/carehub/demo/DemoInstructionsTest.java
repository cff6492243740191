package org.darlingtontogether.carehub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.darlingtontogether.carehub.config.CarehubProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

class DemoInstructionsTest {

    private final SimulatedHospital hospital = new SimulatedHospital(withCddft());

    @Test
    void showsTheDocumentedDemoSecretsAndOneSyntheticPatient() {
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        MockEnvironment env = new MockEnvironment()
                .withProperty("local.server.port", "8080")
                .withProperty("carehub.consumers.mdt-frail-elderly.client-secret", encoder.encode("mdt-frail-elderly-demo-secret"))
                .withProperty("carehub.operators.hub-ops.client-secret", "{noop}hub-ops-demo-secret")
                .withProperty("carehub.ig-users.ig-officer.password", "{noop}ig-officer-demo-password");

        String text = new DemoInstructions(env, hospital).text();

        assertThat(text).contains("curl -s -u mdt-frail-elderly:mdt-frail-elderly-demo-secret -d grant_type=client_credentials http://localhost:8080/oauth2/token")
                .contains("http://localhost:8080/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + hospital.examplePatientNhsNumber())
                .contains("curl -s -u hub-ops:hub-ops-demo-secret")
                .contains("/api/ops/inbox?state=QUARANTINED&partner=cddft")
                .contains("http://localhost:8080/console (user ig-officer, password ig-officer-demo-password)");
        assertThat(hospital.examplePatientNhsNumber()).startsWith("999").hasSize(10);
    }

    @Test
    void neverPrintsASecretThatIsNotTheDemoOne() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("carehub.consumers.mdt-frail-elderly.client-secret", "{noop}a-real-secret")
                .withProperty("carehub.operators.hub-ops.client-secret", "{bcrypt}$2a$10$aqJdK7QaQz6ITGUmOg32w.yMAurZDPfi/fbkwCEVdTyujT6jMpTKX");

        String text = new DemoInstructions(env, hospital).text();

        assertThat(text).doesNotContain("a-real-secret").contains("mdt-frail-elderly:<secret from docs/demo-credentials.md>")
                .contains("hub-ops:<secret from docs/demo-credentials.md>")
                .contains("(user ig-officer, password <secret from docs/demo-credentials.md>)");
    }

    private static CarehubProperties withCddft() {
        CarehubProperties properties = new CarehubProperties();
        properties.getPartners().put("cddft", new CarehubProperties.Partner());
        return properties;
    }
}
