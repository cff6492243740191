package org.darlingtontogether.carehub.deliver;

import ca.uhn.fhir.context.FhirContext;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.govern.GovernedRecord;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox. Each pass takes the oldest pending rows, groups them by consumer endpoint and person, and works
 * the groups in parallel ({@code carehub.delivery.parallelism}); within a group strictly in order: a row not yet due
 * for retry, or failing now, holds back every later row for that person, so a receiver sees each person's changes in
 * sequence. Every row is governed at send time (withheld: not sent, WITHHELD with the rule). A failure is retried with
 * bounded exponential backoff; after {@code max-attempts} the row is DEAD (the dead-letter list) and the person's
 * later rows go on. Logs carry outbox ids, consumers, resource references, sequences and outcomes: never patient data
 * nor header values.
 */
@Component("deliveryWorker")
public class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DeliveryRepository deliveries;
    private final PushDestinations destinations;
    private final SharedRecordStore record;
    private final DeliveryGate gate;
    private final PushPayloads payloads;
    private final PushClient client;
    private final FhirContext fhir;
    private final CarehubProperties.Delivery config;
    private final ExecutorService pool;
    private final Clock clock = Clock.systemUTC();

    public DeliveryWorker(DeliveryRepository deliveries, PushDestinations destinations, SharedRecordStore record, DeliveryGate gate,
                          PushPayloads payloads, PushClient client, FhirContext fhir, CarehubProperties properties) {
        this.deliveries = deliveries;
        this.destinations = destinations;
        this.record = record;
        this.gate = gate;
        this.payloads = payloads;
        this.client = client;
        this.fhir = fhir;
        this.config = properties.getDelivery();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.getParallelism(), r -> {
            Thread t = new Thread(r, "delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Passes until nothing more can be delivered now; returns how many rows reached DELIVERED. */
    public synchronized int deliverDue() throws InterruptedException {
        int delivered = 0;
        while (true) {
            List<OutboxRow> pending = deliveries.pending(config.getBatchSize());
            if (pending.isEmpty()) {
                return delivered;
            }
            Pass pass = pass(pending);
            delivered += pass.delivered();
            if (pass.settled() == 0 || pending.size() < config.getBatchSize()) {
                return delivered;
            }
        }
    }

    private Pass pass(List<OutboxRow> pending) throws InterruptedException {
        Map<String, List<OutboxRow>> groups = new LinkedHashMap<>();
        for (OutboxRow row : pending) {
            groups.computeIfAbsent(row.orderKey(), k -> new ArrayList<>()).add(row);
        }
        Map<String, Destination> where = new HashMap<>();
        for (Destination destination : destinations.all()) {
            where.put(destination.consumer() + '|' + destination.key(), destination);
        }
        List<Callable<Pass>> work = new ArrayList<>(groups.size());
        for (List<OutboxRow> group : groups.values()) {
            OutboxRow first = group.get(0);
            Destination destination = where.get(first.consumer() + '|' + first.destination());
            work.add(() -> inOrder(group, destination));
        }
        int delivered = 0;
        int settled = 0;
        for (Future<Pass> done : pool.invokeAll(work)) {
            try {
                Pass p = done.get();
                delivered += p.delivered();
                settled += p.settled();
            } catch (ExecutionException failed) {
                // a database fault: the rows stay PENDING and the next pass takes them again
                log.warn("delivery pass failed: {}", failed.getCause().getClass().getName());
            }
        }
        return new Pass(delivered, settled);
    }

    /** One consumer endpoint and person, in sequence; stops at the first row that must wait. */
    private Pass inOrder(List<OutboxRow> group, Destination destination) throws InterruptedException {
        Instant now = clock.instant();
        List<OutboxRow> due = new ArrayList<>(group.size());
        for (OutboxRow row : group) {
            if (row.nextAttemptAt().isAfter(now)) {
                break;
            }
            due.add(row);
        }
        if (due.isEmpty()) {
            return new Pass(0, 0);
        }
        Map<Long, Prepared> prepared = prepare(due);
        int delivered = 0;
        int settled = 0;
        for (OutboxRow row : due) {
            Prepared p = prepared.get(row.id());
            if (p.withheldBy() != null) {
                deliveries.withheld(row.id(), p.withheldBy(), clock.instant());
                log.info("delivery {} to {} ({} seq {}) WITHHELD: {}", row.id(), row.consumer(), row.reference(), row.sequence(), p.withheldBy());
                settled++;
                continue;
            }
            String failure = destination == null ? "no such push destination now (push-url removed or Subscription deleted)"
                    : send(destination, row, p.body());
            int attempts = row.attempts() + 1;
            if (failure == null) {
                deliveries.delivered(row.id(), attempts, clock.instant());
                delivered++;
                settled++;
                continue;
            }
            if (attempts >= config.getMaxAttempts()) {
                deliveries.dead(row.id(), attempts, failure, clock.instant());
                log.warn("delivery {} to {} ({} seq {}) DEAD after {} attempts: {}", row.id(), row.consumer(), row.reference(),
                        row.sequence(), attempts, failure);
                settled++;
                continue; // dead-lettered: the person's later deliveries go on
            }
            Instant next = clock.instant().plus(backoff(attempts));
            deliveries.retryLater(row.id(), attempts, next, failure, clock.instant());
            log.info("delivery {} to {} ({} seq {}) attempt {} failed, retry at {}: {}", row.id(), row.consumer(), row.reference(),
                    row.sequence(), attempts, next, failure);
            break; // later deliveries for this person wait for this one
        }
        return new Pass(delivered, settled);
    }

    /** Bodies and send-time governance for a group's due rows, read and decided together. */
    private Map<Long, Prepared> prepare(List<OutboxRow> due) {
        Map<Long, Prepared> prepared = new HashMap<>();
        List<OutboxRow> upserts = new ArrayList<>();
        List<StoredResource> versions = new ArrayList<>();
        List<Resource> parsed = new ArrayList<>();
        List<GovernedRecord> governed = new ArrayList<>();
        for (OutboxRow row : due) {
            if (row.kind() == DeliveryKind.RETRACTION) {
                prepared.put(row.id(), new Prepared(payloads.retraction(row), null));
                continue;
            }
            Optional<StoredResource> version = record.readVersion(row.resourceType(), row.resourceId(), row.resourceVersion());
            if (version.isEmpty()) {
                prepared.put(row.id(), new Prepared(null, "version-no-longer-held"));
                continue;
            }
            Resource resource = (Resource) fhir.newJsonParser().parseResource(version.get().content());
            resource.setId(new IdType(row.resourceType(), row.resourceId(), Integer.toString(row.resourceVersion())));
            resource.getMeta().setVersionId(Integer.toString(row.resourceVersion()));
            resource.getMeta().setLastUpdatedElement(new InstantType(java.util.Date.from(version.get().lastUpdated())));
            upserts.add(row);
            versions.add(version.get());
            parsed.add(resource);
            governed.add(GovernedRecord.of(version.get(), resource));
        }
        if (!upserts.isEmpty()) {
            List<DeliveryGate.Verdict> verdicts = gate.decide(upserts.get(0).consumer(), governed);
            for (int i = 0; i < upserts.size(); i++) {
                OutboxRow row = upserts.get(i);
                prepared.put(row.id(), verdicts.get(i).shared()
                        ? new Prepared(payloads.upsert(row, parsed.get(i), row.resourceVersion() == 1), null)
                        : new Prepared(null, verdicts.get(i).rule()));
            }
        }
        return prepared;
    }

    /** Null when the receiver took it (2xx); otherwise what went wrong, without header values or content. */
    private String send(Destination destination, OutboxRow row, String body) throws InterruptedException {
        try {
            int status = client.send(destination, row.idempotencyKey(), row.sequence(), body);
            return status / 100 == 2 ? null : "receiver answered HTTP " + status;
        } catch (IOException e) {
            return "cannot reach receiver: " + e.getClass().getSimpleName();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return "cannot send: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 30);
        Duration delay = config.getInitialBackoff().multipliedBy(factor);
        return delay.compareTo(config.getMaxBackoff()) > 0 ? config.getMaxBackoff() : delay;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    private record Pass(int delivered, int settled) {
    }

    private record Prepared(String body, String withheldBy) {
    }
}
