package org.darlingtontogether.carehub.govern;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What a consumer may see of the shared record, now: the decision point applied to every record an API answer or a
 * delivery would carry, with the agreements in force today and each person's directives as stored right now, and
 * every decision written to the decision log in one batch. Used by the FHIR API on every read and search, and by
 * delivery to consumers ({@link #forDelivery}).
 */
@Component
public class ConsumerAccess {

    /** Agreements and consent periods are calendar dates in England. */
    public static final ZoneId LOCAL = ZoneId.of("Europe/London");

    private final Agreements agreements;
    private final PersonDirectivesSource directives;
    private final DecisionLog log;
    private final Map<String, CarehubProperties.Consumer> consumers;
    private final Clock clock;

    @Autowired
    public ConsumerAccess(Agreements agreements, PersonDirectivesSource directives, DecisionLog log, CarehubProperties properties) {
        this(agreements, directives, log, properties, Clock.system(LOCAL));
    }

    public ConsumerAccess(Agreements agreements, PersonDirectivesSource directives, DecisionLog log, CarehubProperties properties,
                          Clock clock) {
        this.agreements = agreements;
        this.directives = directives;
        this.log = log;
        this.consumers = properties.getConsumers();
        this.clock = clock;
    }

    /** The decision for each record (same order), logged under the stage. */
    public List<Decision> decide(String consumer, String purpose, List<GovernedRecord> records, DecisionLog.Stage stage) {
        if (records.isEmpty()) {
            return List.of();
        }
        LocalDate today = LocalDate.now(clock);
        List<Agreement> inForce = agreements.inForceOn(today);
        Set<String> people = new LinkedHashSet<>();
        for (GovernedRecord record : records) {
            people.add(record.nhsNumber());
        }
        Map<String, PersonDirectives> wishes = directives.forPeople(people);
        List<Decision> decisions = new ArrayList<>(records.size());
        List<DecisionLog.Entry> entries = new ArrayList<>(records.size());
        for (GovernedRecord record : records) {
            Decision decision = DecisionPoint.decide(record.facts(), consumer, purpose, inForce,
                    wishes.getOrDefault(record.nhsNumber(), PersonDirectives.NONE), today);
            decisions.add(decision);
            entries.add(DecisionLog.Entry.of(stage, consumer, purpose, record, decision));
        }
        log.record(entries);
        return decisions;
    }

    /** Only the records the consumer may see (same order), every decision logged. */
    public List<GovernedRecord> visible(String consumer, String purpose, List<GovernedRecord> records, DecisionLog.Stage stage) {
        List<Decision> decisions = decide(consumer, purpose, records, stage);
        List<GovernedRecord> visible = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (decisions.get(i).shared()) {
                visible.add(records.get(i));
            }
        }
        return visible;
    }

    /**
     * For delivery to a configured consumer (its purpose from {@code carehub.consumers.<id>.purpose}): only what it may
     * receive, each decision logged as DELIVERY. An unknown consumer receives nothing.
     */
    public List<GovernedRecord> forDelivery(String consumer, List<GovernedRecord> records) {
        CarehubProperties.Consumer configured = consumers.get(consumer);
        if (configured == null || !configured.isDataConsumer()) {
            return List.of();
        }
        return visible(consumer, configured.getPurpose(), records, DecisionLog.Stage.DELIVERY);
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }
}
