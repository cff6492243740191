package org.darlingtontogether.carehub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.darlingtontogether.carehub.api.security.HubCaller;
import org.darlingtontogether.carehub.api.security.HubClients;
import org.darlingtontogether.carehub.api.security.Purpose;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.junit.jupiter.api.Test;

/** The start-up check of the configured API clients. */
class HubClientsTest {

    @Test
    void knowsConsumersWithTheirPurposeAndOperators() {
        CarehubProperties properties = new CarehubProperties();
        properties.getConsumers().put("care-hub", consumer("{noop}s", "direct-care"));
        properties.getConsumers().put("planning", consumer("{noop}s", "planning"));
        properties.getOperators().put("hub-ops", operator("{noop}s"));

        HubClients clients = new HubClients(properties);

        assertThat(clients.caller("care-hub")).contains(new HubCaller("care-hub", HubCaller.Kind.CONSUMER, Purpose.DIRECT_CARE));
        assertThat(clients.caller("planning")).contains(new HubCaller("planning", HubCaller.Kind.CONSUMER, Purpose.PLANNING));
        assertThat(clients.caller("hub-ops")).contains(new HubCaller("hub-ops", HubCaller.Kind.OPERATOR, null));
        assertThat(clients.caller("nobody")).isEmpty();
    }

    @Test
    void anUnknownPurposeStopsTheStartNamingTheConsumer() {
        CarehubProperties properties = new CarehubProperties();
        properties.getConsumers().put("care-hub", consumer("{noop}s", "direct-care"));
        properties.getConsumers().put("research-portal", consumer("{noop}s", "research"));

        assertThatThrownBy(() -> new HubClients(properties))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("carehub.consumers.research-portal.purpose")
                .hasMessageContaining("'research'")
                .hasMessageContaining("direct-care, navigator, planning")
                .hasMessageNotContaining("care-hub.purpose");
    }

    @Test
    void aSecretMustBeInSpringsEncodedForm() {
        CarehubProperties properties = new CarehubProperties();
        properties.getConsumers().put("care-hub", consumer("plaintext", "direct-care"));
        properties.getOperators().put("hub-ops", operator("{bcrypt}$2a$10$tooShort"));

        assertThatThrownBy(() -> new HubClients(properties))
                .hasMessageContaining("carehub.consumers.care-hub.client-secret must be in Spring's encoded form")
                .hasMessageContaining("carehub.operators.hub-ops.client-secret is not a whole bcrypt hash");
    }

    @Test
    void aClientIdNamesOneClient() {
        CarehubProperties properties = new CarehubProperties();
        properties.getConsumers().put("care-hub", consumer("{noop}s", "direct-care"));
        properties.getOperators().put("care-hub", operator("{noop}s"));

        assertThatThrownBy(() -> new HubClients(properties)).hasMessageContaining("also configured as a consumer");
    }

    private static CarehubProperties.Consumer consumer(String secret, String purpose) {
        CarehubProperties.Consumer consumer = new CarehubProperties.Consumer();
        consumer.setClientSecret(secret);
        consumer.setPurpose(purpose);
        return consumer;
    }

    private static CarehubProperties.Operator operator(String secret) {
        CarehubProperties.Operator operator = new CarehubProperties.Operator();
        operator.setClientSecret(secret);
        return operator;
    }
}
