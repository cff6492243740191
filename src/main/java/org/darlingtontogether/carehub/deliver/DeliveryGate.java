package org.darlingtontogether.carehub.deliver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.govern.ConsumerAccess;
import org.darlingtontogether.carehub.govern.Decision;
import org.darlingtontogether.carehub.govern.DecisionLog;
import org.darlingtontogether.carehub.govern.GovernedRecord;
import org.springframework.stereotype.Component;

/**
 * Governance at send time: the decision point for the consumer's purpose ({@code carehub.consumers.<id>.purpose}),
 * with the agreements in force today and the person's directives as stored now, each decision logged as DELIVERY.
 * A consumer no longer configured as a data consumer receives nothing.
 */
@Component
public class DeliveryGate {

    static final String UNKNOWN_CONSUMER = "not-a-configured-consumer";

    private final ConsumerAccess access;
    private final Map<String, CarehubProperties.Consumer> consumers;

    public DeliveryGate(ConsumerAccess access, CarehubProperties properties) {
        this.access = access;
        this.consumers = properties.getConsumers();
    }

    /** The decision for each record (same order): SHARE, or WITHHOLD with the rule. */
    public List<Verdict> decide(String consumer, List<GovernedRecord> records) {
        CarehubProperties.Consumer configured = consumers.get(consumer);
        if (configured == null || !configured.isDataConsumer()) {
            List<Verdict> none = new ArrayList<>(records.size());
            records.forEach(r -> none.add(new Verdict(false, UNKNOWN_CONSUMER)));
            return none;
        }
        List<Decision> decisions = access.decide(consumer, configured.getPurpose(), records, DecisionLog.Stage.DELIVERY);
        return decisions.stream().map(d -> new Verdict(d.shared(), d.describe())).toList();
    }

    /** Shared or not, and the rule that decided (for the outbox row; no patient data). */
    public record Verdict(boolean shared, String rule) {
    }
}
