package org.darlingtontogether.carehub.demo;

import org.darlingtontogether.carehub.identify.NhsNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.stereotype.Component;

/**
 * Tells a newcomer, once the hub is up, how to get a token and what to ask: a FHIR search for one of the simulated
 * hospital's people (a synthetic test NHS number, the only number the hub ever logs), the quarantine list and health.
 * Demo secrets are shown only when the configured secret is the documented demo one; otherwise the hint points to
 * docs/demo-credentials.md.
 */
@Component
@ConditionalOnProperty(prefix = "carehub.demo", name = "enabled", havingValue = "true", matchIfMissing = true)
public class DemoInstructions {

    static final String CONSUMER = "mdt-frail-elderly";
    static final String OPERATOR = "hub-ops";
    static final String IG_USER = "ig-officer";
    private static final Logger log = LoggerFactory.getLogger(DemoInstructions.class);

    private final Environment environment;
    private final SimulatedHospital hospital;

    public DemoInstructions(Environment environment, SimulatedHospital hospital) {
        this.environment = environment;
        this.hospital = hospital;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void print() {
        log.info(text());
    }

    String text() {
        String base = "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String consumerSecret = secret(CONSUMER + "-demo-secret", "carehub.consumers." + CONSUMER + ".client-secret");
        String operatorSecret = secret(OPERATOR + "-demo-secret", "carehub.operators." + OPERATOR + ".client-secret");
        String igPassword = secret(IG_USER + "-demo-password", "carehub.ig-users." + IG_USER + ".password");
        // the | between system and value is sent encoded (%7C): Tomcat refuses a raw | in a query string
        String token = "sed -E 's/.*\"access_token\" *: *\"([^\"]+)\".*/\\1/'";
        return String.join("\n",
                "",
                "The care hub is up. A simulated hospital is sending synthetic HL7 v2 ADT and lab messages to the cddft MLLP listener.",
                "Read the shared record as an MDT system (demo credentials: docs/demo-credentials.md):",
                "  TOKEN=$(curl -s -u " + CONSUMER + ":" + consumerSecret + " -d grant_type=client_credentials " + base + "/oauth2/token | " + token + ")",
                "  curl -H \"Authorization: Bearer $TOKEN\" '" + base + "/fhir/Patient?identifier=" + NhsNumber.SYSTEM + "%7C"
                        + hospital.examplePatientNhsNumber() + "'",
                "Operations: messages quarantined for want of a valid NHS number, and the feeds' health:",
                "  OPS=$(curl -s -u " + OPERATOR + ":" + operatorSecret + " -d grant_type=client_credentials " + base + "/oauth2/token | " + token + ")",
                "  curl -H \"Authorization: Bearer $OPS\" '" + base + "/api/ops/inbox?state=QUARANTINED&partner=cddft'",
                "  curl " + base + "/actuator/health",
                "The IG console, in a browser: " + base + "/console (user " + IG_USER + ", password " + igPassword + ")",
                "");
    }

    /**
     * The documented demo secret ({@code <client>-demo-secret}, {@code <ig-user>-demo-password}) when the configured
     * secret is that one; otherwise a pointer to docs/demo-credentials.md, so a deployment's real secret never reaches the log.
     */
    private String secret(String demo, String property) {
        String configured = environment.getProperty(property);
        try {
            if (configured != null && PasswordEncoderFactories.createDelegatingPasswordEncoder().matches(demo, configured)) {
                return demo;
            }
        } catch (IllegalArgumentException notEncoded) {
            // not in Spring's {id} form: the hub refuses such a secret at start anyway
        }
        return "<secret from docs/demo-credentials.md>";
    }
}
