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
import javax.sql.DataSource;
import org.darlingtontogether.carehub.audit.AuditAction;
import org.darlingtontogether.carehub.audit.AuditEntry;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.config.CommitDurability;
import org.darlingtontogether.carehub.govern.GovernedRecord;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final DataSource dataSource;
    private final Clock clock = Clock.systemUTC();

    public DeliveryWorker(DeliveryRepository deliveries, PushDestinations destinations, SharedRecordStore record, DeliveryGate gate,
                          PushPayloads payloads, PushClient client, FhirContext fhir, CarehubProperties properties, AuditTrail audit,
                          TransactionTemplate transaction, DataSource dataSource) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.transaction = transaction;
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

    /**
     * One pass: each group's due rows (in order, up to the first not yet due), their bodies and send-time decisions
     * worked out together (one read of the record, one decision batch per consumer), the groups sent in parallel, and
     * every row's outcome written in one batch at the end. Delivery is at least once: a crash after a send and before
     * the outcome is written sends again, with the same Idempotency-Key.
     */
    private Pass pass(List<OutboxRow> pending) throws InterruptedException {
        Instant now = clock.instant();
        Map<String, List<OutboxRow>> groups = new LinkedHashMap<>();
        Map<String, Boolean> blocked = new HashMap<>();
        for (OutboxRow row : pending) {
            String key = row.orderKey();
            if (blocked.getOrDefault(key, false)) {
                continue;
            }
            if (row.nextAttemptAt().isAfter(now)) {
                blocked.put(key, true); // waiting for a retry: the person's later rows wait too
                continue;
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        if (groups.isEmpty()) {
            return new Pass(0, 0);
        }
        List<OutboxRow> due = groups.values().stream().flatMap(List::stream).toList();
        Map<Long, Prepared> prepared = prepare(due);
        Map<String, Destination> where = new HashMap<>();
        for (Destination destination : destinations.all()) {
            where.put(destination.consumer() + '|' + destination.key(), destination);
        }
        List<Callable<List<DeliveryRepository.Outcome>>> work = new ArrayList<>(groups.size());
        for (List<OutboxRow> group : groups.values()) {
            OutboxRow first = group.get(0);
            Destination destination = where.get(first.consumer() + '|' + first.destination());
            work.add(() -> inOrder(group, destination, prepared));
        }
        // the rows go out now: what processing committed lazily (the rows, the records they carry) on disk first, so
        // that a crash cannot take back what a consumer was sent (CommitDurability)
        CommitDurability.force(dataSource);
        List<DeliveryRepository.Outcome> outcomes = new ArrayList<>(due.size());
        for (Future<List<DeliveryRepository.Outcome>> done : pool.invokeAll(work)) {
            try {
                outcomes.addAll(done.get());
            } catch (ExecutionException failed) {
                log.warn("delivery group failed: {}", failed.getCause().getClass().getName());
            }
        }
        List<AuditEntry> audited = audited(outcomes, due);
        transaction.executeWithoutResult(status -> {
            deliveries.record(outcomes);
            audit.append(audited);
        });
        int delivered = 0;
        int settled = 0;
        for (DeliveryRepository.Outcome outcome : outcomes) {
            delivered += outcome.state() == DeliveryState.DELIVERED ? 1 : 0;
            settled += outcome.state() != DeliveryState.PENDING ? 1 : 0;
        }
        return new Pass(delivered, settled);
    }

    /** The audit rows of a pass: each delivery the consumer's endpoint accepted, and each given up (dead-lettered). */
    private static List<AuditEntry> audited(List<DeliveryRepository.Outcome> outcomes, List<OutboxRow> rows) {
        Map<Long, OutboxRow> byId = new HashMap<>();
        rows.forEach(row -> byId.put(row.id(), row));
        List<AuditEntry> entries = new ArrayList<>();
        for (DeliveryRepository.Outcome outcome : outcomes) {
            OutboxRow row = byId.get(outcome.id());
            if (row == null || outcome.state() != DeliveryState.DELIVERED && outcome.state() != DeliveryState.DEAD) {
                continue;
            }
            entries.add(AuditEntry.of(outcome.state() == DeliveryState.DELIVERED ? AuditAction.DELIVERED : AuditAction.DELIVERY_FAILED)
                    .actor(row.consumer()).person(row.nhsNumber()).entity(row.resourceType(), row.resourceId(), row.resourceVersion())
                    .outcome(outcome.state() == DeliveryState.DELIVERED ? AuditEntry.SUCCESS : AuditEntry.FAILURE, null)
                    .detail(row.kind() + " delivery " + row.id() + " to " + row.destination() + ", attempt " + outcome.attempts()));
        }
        return entries;
    }

    /** One consumer endpoint and person, in sequence; stops at the first row that fails now. */
    private List<DeliveryRepository.Outcome> inOrder(List<OutboxRow> due, Destination destination, Map<Long, Prepared> prepared)
            throws InterruptedException {
        List<DeliveryRepository.Outcome> outcomes = new ArrayList<>(due.size());
        for (OutboxRow row : due) {
            Prepared p = prepared.get(row.id());
            Instant at = clock.instant();
            if (p.withheldBy() != null) {
                outcomes.add(new DeliveryRepository.Outcome(row.id(), DeliveryState.WITHHELD, row.attempts(), row.nextAttemptAt(),
                        "withheld by governance: " + p.withheldBy(), at));
                log.info("delivery {} to {} ({} seq {}) WITHHELD: {}", row.id(), row.consumer(), row.reference(), row.sequence(), p.withheldBy());
                continue;
            }
            String failure = destination == null ? "no such push destination now (push-url removed or Subscription deleted)"
                    : send(destination, row, p.body());
            int attempts = row.attempts() + 1;
            at = clock.instant();
            if (failure == null) {
                outcomes.add(new DeliveryRepository.Outcome(row.id(), DeliveryState.DELIVERED, attempts, row.nextAttemptAt(), null, at));
                continue;
            }
            if (attempts >= config.getMaxAttempts()) {
                outcomes.add(new DeliveryRepository.Outcome(row.id(), DeliveryState.DEAD, attempts, row.nextAttemptAt(), failure, at));
                log.warn("delivery {} to {} ({} seq {}) DEAD after {} attempts: {}", row.id(), row.consumer(), row.reference(),
                        row.sequence(), attempts, failure);
                continue; // dead-lettered: the person's later deliveries go on
            }
            Instant next = at.plus(backoff(attempts));
            outcomes.add(new DeliveryRepository.Outcome(row.id(), DeliveryState.PENDING, attempts, next, failure, at));
            log.info("delivery {} to {} ({} seq {}) attempt {} failed, retry at {}: {}", row.id(), row.consumer(), row.reference(),
                    row.sequence(), attempts, next, failure);
            break; // later deliveries for this person wait for this one
        }
        return outcomes;
    }

    /** Bodies and send-time governance for the due rows: one read of the record, one decision batch per consumer. */
    private Map<Long, Prepared> prepare(List<OutboxRow> due) {
        Map<Long, Prepared> prepared = new HashMap<>();
        java.util.Set<String> references = new java.util.HashSet<>();
        for (OutboxRow row : due) {
            if (row.kind() == DeliveryKind.UPSERT) {
                references.add(row.reference());
            }
        }
        Map<String, StoredResource> current = record.readAll(references);
        Map<String, List<OutboxRow>> upserts = new LinkedHashMap<>();
        Map<Long, Resource> parsed = new HashMap<>();
        Map<Long, GovernedRecord> governed = new HashMap<>();
        for (OutboxRow row : due) {
            if (row.kind() == DeliveryKind.RETRACTION) {
                prepared.put(row.id(), new Prepared(payloads.retraction(row), null));
                continue;
            }
            StoredResource head = current.get(row.reference());
            Optional<StoredResource> version = head != null && head.version() == row.resourceVersion() ? Optional.of(head)
                    : record.readVersion(row.resourceType(), row.resourceId(), row.resourceVersion());
            if (version.isEmpty()) {
                prepared.put(row.id(), new Prepared(null, "version-no-longer-held"));
                continue;
            }
            Resource resource = (Resource) version.get().parse(fhir);
            upserts.computeIfAbsent(row.consumer(), c -> new ArrayList<>()).add(row);
            parsed.put(row.id(), resource);
            governed.put(row.id(), GovernedRecord.of(version.get(), resource));
        }
        upserts.forEach((consumer, rows) -> {
            List<DeliveryGate.Verdict> verdicts = gate.decide(consumer, rows.stream().map(r -> governed.get(r.id())).toList());
            for (int i = 0; i < rows.size(); i++) {
                OutboxRow row = rows.get(i);
                prepared.put(row.id(), verdicts.get(i).shared()
                        ? new Prepared(payloads.upsert(row, parsed.get(row.id()), row.resourceVersion() == 1), null)
                        : new Prepared(null, verdicts.get(i).rule()));
            }
        });
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
