package org.darlingtontogether.carehub.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a Subscription's criteria may say, and the reason given when the hub cannot honour it. */
class SubscriptionCriteriaTest {

    private static final Set<String> SERVED = Set.of("Patient", "Encounter", "Observation");
    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number|";

    @Test
    void aTypeAloneIsEveryResourceOfThatType() {
        assertThat(SubscriptionCriteria.parse("Encounter?", SERVED)).isEqualTo(new SubscriptionCriteria("Encounter", null));
        assertThat(SubscriptionCriteria.parse("Observation", SERVED)).isEqualTo(new SubscriptionCriteria("Observation", null));
    }

    @Test
    void oneCheckedNhsNumberNarrowsToOnePerson() {
        assertThat(SubscriptionCriteria.parse("Patient?identifier=" + NHS + "999 000 0018", SERVED))
                .isEqualTo(new SubscriptionCriteria("Patient", "9990000018"));
        assertThat(SubscriptionCriteria.parse("Encounter?patient.identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9990000018", SERVED))
                .isEqualTo(new SubscriptionCriteria("Encounter", "9990000018"));
        assertThat(SubscriptionCriteria.parse("Observation?subject.identifier=9990000018", SERVED))
                .isEqualTo(new SubscriptionCriteria("Observation", "9990000018"));
    }

    @Test
    void anythingElseIsRefusedWithTheReasonAndNoDigitsEchoed() {
        assertThatThrownBy(() -> SubscriptionCriteria.parse("Medication?", SERVED)).hasMessageContaining("'Medication'");
        assertThatThrownBy(() -> SubscriptionCriteria.parse("Encounter?status=finished", SERVED)).hasMessageContaining("'status'");
        assertThatThrownBy(() -> SubscriptionCriteria.parse("Patient?identifier=" + NHS + "9990000019", SERVED))
                .hasMessageContaining("Modulus 11").hasMessageNotContaining("9990000019");
        assertThatThrownBy(() -> SubscriptionCriteria.parse("Patient?identifier=http://other|9990000018", SERVED))
                .hasMessageContaining("system");
        assertThatThrownBy(() -> SubscriptionCriteria.parse(" ", SERVED)).hasMessageContaining("required");
    }
}
