package org.darlingtontogether.carehub.deliver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.darlingtontogether.carehub.record.RecordChanged;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox: every change to the shared record becomes one pending delivery per push destination that
 * wants it, written in the same transaction as the change (the record store publishes {@link RecordChanged} inside
 * it), so a delivery exists if and only if its change was committed. Governance is applied when it is sent, not here.
 * Each row gets the next sequence number for its consumer endpoint and person, and an idempotency key the receiver can
 * use to recognise a repeat.
 */
@Component
public class Outbox {

    private final DeliveryRepository deliveries;
    private final PushDestinations destinations;
    private final SharedRecordStore record;
    private final Clock clock;

    public Outbox(DeliveryRepository deliveries, PushDestinations destinations, SharedRecordStore record) {
        this.deliveries = deliveries;
        this.destinations = destinations;
        this.record = record;
        this.clock = Clock.systemUTC();
    }

    /** Runs inside the record change's transaction (a synchronous listener on the writer's thread). */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordChanged(RecordChanged event) {
        List<Destination> all = destinations.all();
        if (all.isEmpty()) {
            return;
        }
        List<Wanted> wanted = new ArrayList<>();
        for (RecordChanged.Change change : event.changes()) {
            for (Destination destination : all) {
                if (destination.wants(change.resourceType(), change.nhsNumber())) {
                    wanted.add(new Wanted(destination, change.nhsNumber(), change.resourceType(), change.id(), change.version(),
                            DeliveryKind.UPSERT, null));
                }
            }
        }
        enqueue(wanted);
    }

    /**
     * A retraction is due: the consumer (every destination of it that received or would receive the resource) must
     * no longer hold {@code resourceRef} ({@code Type/id}). Delivered in order after what the consumer already has
     * pending for the person. Governance calls this when an objection, a withdrawal or the end of an agreement
     * withholds what was shared; {@code reason} names the rule (no patient data). Returns how many rows were added.
     */
    @Transactional
    public int retract(String consumer, String nhsNumber, String resourceRef, String reason) {
        int slash = resourceRef.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("a resource reference is Type/id");
        }
        String type = resourceRef.substring(0, slash);
        String id = resourceRef.substring(slash + 1);
        int version = record.read(type, id).map(StoredResource::version).orElse(0);
        List<Wanted> wanted = new ArrayList<>();
        for (Destination destination : destinations.of(consumer)) {
            if (destination.wants(type, nhsNumber)) {
                wanted.add(new Wanted(destination, nhsNumber, type, id, version, DeliveryKind.RETRACTION, reason));
            }
        }
        return enqueue(wanted);
    }

    private int enqueue(List<Wanted> wanted) {
        if (wanted.isEmpty()) {
            return 0;
        }
        List<String> keys = wanted.stream().map(Outbox::idempotencyKey).toList();
        Set<String> existing = deliveries.existingKeys(keys);
        Set<String> people = new LinkedHashSet<>();
        wanted.forEach(w -> people.add(w.nhsNumber()));
        Map<String, Long> last = deliveries.lastSequences(people);
        List<DeliveryRepository.NewDelivery> rows = new ArrayList<>(wanted.size());
        Set<String> added = new LinkedHashSet<>();
        for (int i = 0; i < wanted.size(); i++) {
            Wanted w = wanted.get(i);
            String key = keys.get(i);
            if (existing.contains(key) || !added.add(key)) {
                continue; // the same version for the same endpoint already waits or went: never twice
            }
            String order = w.destination().consumer() + '|' + w.destination().key() + '|' + w.nhsNumber();
            long sequence = last.merge(order, 1L, Long::sum);
            rows.add(new DeliveryRepository.NewDelivery(w.destination().consumer(), w.destination().key(), w.nhsNumber(), sequence,
                    w.type(), w.id(), w.version(), w.kind(), w.reason(), key));
        }
        deliveries.insert(rows, clock.instant());
        return rows.size();
    }

    /** sha256(consumer|destination|type/id|version|kind): the same delivery always has the same key. */
    static String idempotencyKey(Wanted w) {
        String text = w.destination().consumer() + '|' + w.destination().key() + '|' + w.type() + '/' + w.id() + '|' + w.version() + '|'
                + w.kind();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Wanted(Destination destination, String nhsNumber, String type, String id, int version, DeliveryKind kind, String reason) {
    }
}
