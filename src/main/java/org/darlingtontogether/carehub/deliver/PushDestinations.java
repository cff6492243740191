package org.darlingtontogether.carehub.deliver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.stereotype.Component;

/**
 * Every push destination now: each consumer's configured {@code push-url} (every change it may receive) and every
 * active rest-hook Subscription (read from the database each time, so all instances agree). Pull-only consumers have none.
 */
@Component
public class PushDestinations {

    private final Map<String, CarehubProperties.Consumer> consumers;
    private final SubscriptionStore subscriptions;

    public PushDestinations(CarehubProperties properties, SubscriptionStore subscriptions) {
        this.consumers = properties.getConsumers();
        this.subscriptions = subscriptions;
    }

    public List<Destination> all() {
        List<Destination> all = new ArrayList<>();
        consumers.forEach((id, consumer) -> {
            if (consumer.isDataConsumer() && consumer.getPushUrl() != null) {
                all.add(new Destination(Destination.CONFIGURED, id, consumer.getPushUrl(), List.of(), null, null));
            }
        });
        for (SubscriptionStore.StoredSubscription subscription : subscriptions.active()) {
            if (consumers.containsKey(subscription.consumer())) {
                all.add(subscription.destination());
            }
        }
        return all;
    }

    /** Where a consumer's deliveries go, configured or subscribed. */
    public List<Destination> of(String consumer) {
        return all().stream().filter(d -> d.consumer().equals(consumer)).toList();
    }

    /** The destination an outbox row was written for, if it still exists (a deleted Subscription has none). */
    public java.util.Optional<Destination> find(String consumer, String key) {
        if (Destination.CONFIGURED.equals(key)) {
            CarehubProperties.Consumer configured = consumers.get(consumer);
            return configured == null || configured.getPushUrl() == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new Destination(key, consumer, configured.getPushUrl(), List.of(), null, null));
        }
        if (key.startsWith(Destination.SUBSCRIPTION)) {
            return subscriptions.find(key.substring(Destination.SUBSCRIPTION.length()))
                    .filter(s -> "active".equals(s.status()) && s.consumer().equals(consumer))
                    .map(SubscriptionStore.StoredSubscription::destination);
        }
        return java.util.Optional.empty();
    }
}
