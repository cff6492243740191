package org.darlingtontogether.carehub.feed;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.config.CommitDurability;
import org.darlingtontogether.carehub.identify.FhirPatientIdentifier;
import org.darlingtontogether.carehub.identify.PartnerPatientIndex;
import org.darlingtontogether.carehub.inbox.InboxBatchWriter;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxReceipt;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.ops.FeedMetrics;
import org.darlingtontogether.carehub.ops.InboxHandoff;
import org.darlingtontogether.carehub.process.FhirInboxFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads a partner's FHIR server incrementally: for each resource type, a search sorted by {@code _lastUpdated} from the
 * feed's watermark ({@code _lastUpdated=ge<watermark>}), following {@code next} links. Each page's resources are
 * committed to the inbox, one row each, in the same transaction that moves the watermark; only then are they handed to
 * processing. A restart (or a failure mid-paging) resumes at the watermark: the overlap at the watermark instant is
 * recognised by inbox key ({@code Type/id/_history/version}) and not taken twice, and nothing older than the watermark
 * can be missing because every page before it was committed.
 *
 * <p>The route ticks; this bean decides whether the feed is due: after the poll interval, after the partner's
 * Retry-After, after the auth retry interval once the partner refused the credentials. Logs partner, resource type,
 * counts and watermarks only.
 */
@Component("fhirFeedPoller")
public class FhirFeedPoller {

    /** Header naming the partner whose feed a route drives. */
    public static final String PARTNER = "CareHubPartner";
    private static final Logger log = LoggerFactory.getLogger(FhirFeedPoller.class);
    /** Resources waiting for their Patient, looked at this many at a time (all of them, page by page, after each poll). */
    private static final int RETRY_PAGE = 1000;

    private final CarehubProperties properties;
    private final InboxRepository inbox;
    private final FhirWatermarks watermarks;
    private final TransactionTemplate transaction;
    private final InboxHandoff handoff;
    private final FeedMetrics metrics;
    private final FhirFeedStates states;
    private final ObjectProvider<SslBundles> sslBundles;
    private final PartnerPatientIndex partnerPatients;
    private final InboxBatchWriter batches;
    private final Map<String, URI> simulated = new ConcurrentHashMap<>();
    private final Map<String, FhirPartnerClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Instant> watermarkCache = new ConcurrentHashMap<>();
    private final Set<String> noHistory = ConcurrentHashMap.newKeySet();

    public FhirFeedPoller(CarehubProperties properties, InboxRepository inbox, FhirWatermarks watermarks, TransactionTemplate transaction,
                          InboxHandoff handoff, FeedMetrics metrics, FhirFeedStates states, ObjectProvider<SslBundles> sslBundles,
                          PartnerPatientIndex partnerPatients, InboxBatchWriter batches) {
        this.partnerPatients = partnerPatients;
        this.batches = batches;
        this.properties = properties;
        this.inbox = inbox;
        this.watermarks = watermarks;
        this.transaction = transaction;
        this.handoff = handoff;
        this.metrics = metrics;
        this.states = states;
        this.sslBundles = sslBundles;
    }

    /** A simulated partner server (demo) stands in for a feed whose base URL is not configured. */
    public void useSimulated(String partner, URI baseUrl) {
        simulated.put(partner, baseUrl);
        clients.remove(partner);
        states.put(partner, new FhirFeedStates.Status(FhirFeedStates.State.STARTING, null, baseUrl, true, null, null, null, 0));
    }

    /** The route's tick: polls when the feed is on and due. */
    public void pollIfDue(@Header(PARTNER) String partner) {
        FhirFeedStates.Status status = status(partner);
        if (status.state() == FhirFeedStates.State.OFF) {
            return;
        }
        if (status.nextAttemptAt() != null && Instant.now().isBefore(status.nextAttemptAt())) {
            return;
        }
        poll(partner);
    }

    /**
     * One pass over every resource type; throws {@link FeedRefusedException} or {@link FeedUnavailableException}. Its
     * commits are lazily durable (CommitDurability): a page and its watermark lost in a crash are read again from the
     * partner.
     */
    public void poll(String partner) {
        CommitDurability.lazily(() -> pollTypes(partner));
    }

    private void pollTypes(String partner) {
        CarehubProperties.Partner config = config(partner);
        FhirFeedStates.Status before = status(partner);
        if (before.state() == FhirFeedStates.State.OFF) {
            throw new IllegalStateException(partner + ": the FHIR feed is off (no base URL)");
        }
        long taken = 0;
        Map<String, Integer> byType = new LinkedHashMap<>();
        try {
            FhirPartnerClient client = client(partner, before.baseUrl(), config);
            for (String type : config.getResourceTypes()) {
                TypeRun run = pollType(partner, client, type, config.getPageSize());
                if (run.retryAfter == null) {
                    TypeRun deletions = pollDeletions(partner, client, type, config.getPageSize());
                    run.taken += deletions.taken;
                    run.retryAfter = deletions.retryAfter;
                    run.status = deletions.status;
                }
                taken += run.taken;
                if (run.taken > 0) {
                    byType.put(type, run.taken);
                }
                if (run.retryAfter != null) {
                    Duration wait = run.retryAfter.isZero() ? config.getPollInterval() : run.retryAfter;
                    log.info("{}: the partner asked the hub to wait ({} on {}), next poll in {}s", partner, run.status, type, wait.toSeconds());
                    update(partner, FhirFeedStates.State.THROTTLED, partner + " answered " + run.status + " on " + type
                            + (run.retryAfter.isZero() ? " without Retry-After" : ", Retry-After " + run.retryAfter.toSeconds() + "s"),
                            Instant.now().plus(wait), false, taken);
                    return;
                }
            }
        } catch (FeedRefusedException e) {
            log.warn("{}: {} — no retry for {}", partner, e.getMessage(), config.getAuthRetryInterval());
            update(partner, FhirFeedStates.State.REFUSED, e.getMessage(), Instant.now().plus(config.getAuthRetryInterval()), false, taken);
            throw e;
        } catch (FeedUnavailableException e) {
            update(partner, FhirFeedStates.State.UNAVAILABLE, e.getMessage(), null, false, taken);
            throw e;
        }
        if (taken > 0) {
            log.info("{}: {} resources taken in {}", partner, taken, byType);
        }
        retryThoseWaitingForTheirPatient(partner);
        update(partner, FhirFeedStates.State.OK, null, Instant.now().plus(config.getPollInterval()), true, taken);
    }

    /** Redelivery is spent (the route's error handling): wait a poll interval before trying again. */
    public void gaveUp(Exchange exchange) {
        String partner = exchange.getMessage().getHeader(PARTNER, String.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        FhirFeedStates.Status status = status(partner);
        String reason = cause == null ? "unknown" : cause.getMessage();
        log.warn("{}: partner unavailable after retries ({}); next attempt in {}", partner, reason, config(partner).getPollInterval());
        states.put(partner, new FhirFeedStates.Status(FhirFeedStates.State.UNAVAILABLE, reason, status.baseUrl(), status.simulated(),
                Instant.now().plus(config(partner).getPollInterval()), status.lastSuccessAt(), Instant.now(), status.resourcesTaken()));
    }

    /** The partner refused the hub: already recorded; nothing is retried until the auth retry interval has passed. */
    public void refused(Exchange exchange) {
        // the state (REFUSED, reason, next attempt) was recorded where it was raised; this only marks the exchange handled
    }

    /** The feed's standing (OFF when it has no base URL and is not simulated). */
    public FhirFeedStates.Status status(String partner) {
        FhirFeedStates.Status known = states.get(partner).orElse(null);
        URI base = baseUrl(partner);
        if (base == null) {
            FhirFeedStates.Status off = new FhirFeedStates.Status(FhirFeedStates.State.OFF, "carehub.partners." + partner
                    + ".base-url is not set", null, false, null, null, null, 0);
            states.put(partner, off);
            return off;
        }
        if (known == null || known.state() == FhirFeedStates.State.OFF || !base.equals(known.baseUrl())) {
            known = new FhirFeedStates.Status(FhirFeedStates.State.STARTING, null, base, simulated.containsKey(partner) && config(partner).getBaseUrl() == null,
                    null, null, null, 0);
            states.put(partner, known);
        }
        return known;
    }

    private TypeRun pollType(String partner, FhirPartnerClient client, String type, int pageSize) {
        metrics.watermarkAge(partner, type, () -> watermarkCache.get(partner + '|' + type));
        FhirWatermarks.Watermark mark = watermarks.find(partner, type).orElse(null);
        if (mark != null) {
            watermarkCache.put(partner + '|' + type, mark.lastUpdated());
        }
        URI url = firstPage(client.base(), type, pageSize, mark);
        TypeRun run = new TypeRun();
        Set<URI> seen = new LinkedHashSet<>();
        Instant settledBefore = null;
        while (url != null && seen.add(url)) {
            FhirPartnerClient.Answer answer = client.get(url);
            if (answer.throttled()) {
                run.retryAfter = answer.retryAfter();
                run.status = answer.status();
                return run;
            }
            if (settledBefore == null) {
                // the partner's clock at the search, less the settle time: a change stamped later may still be committing
                settledBefore = answer.partnerNow().minus(config(partner).getSettleTime());
            }
            SearchPage page;
            try {
                page = SearchPage.read(answer.body());
            } catch (SearchPage.UnreadablePageException e) {
                keepUnreadablePage(partner, type, answer.body(), e.getMessage());
                throw new FeedUnavailableException(partner + " " + type + ": " + e.getMessage());
            }
            run.taken += commit(partner, type, page, settledBefore);
            if (page.next() == null) {
                break;
            }
            URI next = client.base().resolve(page.next());
            if (!client.onPartnerOrigin(next)) {
                throw new FeedUnavailableException(partner + " " + type + ": the next link leaves the partner's server; not followed");
            }
            url = next;
        }
        return run;
    }

    /**
     * Resources the partner deleted, from the type's history ({@code Type/_history?_since=}): each DELETE entry becomes an
     * inbox row, and the record marks the resource deleted. The deletions watermark moves, after every page is committed,
     * to the partner's own clock (its {@code Date} header) at the first page, less a second. It starts at the search's
     * watermark: nothing taken in can have been deleted before the search that took it in. A partner whose server
     * has no history (GP Connect style) answers 4xx: deletions are then not followed, and the feed goes on.
     */
    private TypeRun pollDeletions(String partner, FhirPartnerClient client, String type, int pageSize) {
        TypeRun run = new TypeRun();
        String key = type + "#deleted";
        FhirWatermarks.Watermark mark = watermarks.find(partner, key).orElse(null);
        if (mark == null) {
            watermarks.find(partner, type).ifPresent(w -> watermarks.advance(partner, key, w.lastUpdated(), w.text()));
            return run;
        }
        if (noHistory.contains(partner + '|' + type)) {
            return run;
        }
        String root = client.base().toString().endsWith("/") ? client.base().toString() : client.base() + "/";
        URI url = URI.create(root + type + "/_history?_count=" + pageSize + "&_since=" + URLEncoder.encode(mark.text(), StandardCharsets.UTF_8));
        Instant partnerNow = null;
        Set<URI> seen = new LinkedHashSet<>();
        while (url != null && seen.add(url)) {
            FhirPartnerClient.Answer answer;
            try {
                answer = client.get(url);
            } catch (FeedUnavailableException e) {
                if (e.getMessage().contains("to a search")) {
                    noHistory.add(partner + '|' + type);
                    log.info("{} {}: the partner's server offers no history ({}); deletions are not followed", partner, type, e.getMessage());
                    return run;
                }
                throw e;
            }
            if (answer.throttled()) {
                run.retryAfter = answer.retryAfter();
                run.status = answer.status();
                return run;
            }
            if (partnerNow == null) {
                partnerNow = answer.partnerNow();
            }
            SearchPage page;
            try {
                page = SearchPage.readDeletions(answer.body());
            } catch (SearchPage.UnreadablePageException e) {
                throw new FeedUnavailableException(partner + " " + type + ": " + e.getMessage());
            }
            run.taken += commit(partner, type, page, null);
            if (page.next() == null) {
                break;
            }
            URI next = client.base().resolve(page.next());
            if (!client.onPartnerOrigin(next)) {
                throw new FeedUnavailableException(partner + " " + type + ": the next link leaves the partner's server; not followed");
            }
            url = next;
        }
        if (partnerNow != null) {
            Instant moveTo = partnerNow.minusSeconds(1);
            watermarks.advance(partner, key, moveTo, moveTo.toString());
        }
        return run;
    }

    /**
     * The page's new resources and the watermark move, in one transaction; then processing is told. The watermark moves
     * to the page's newest {@code meta.lastUpdated}, but not past {@code settledBefore} (when given): the next search
     * reads from there again, so a change committed late at the partner, stamped before ones already read, is not skipped.
     */
    private int commit(String partner, String type, SearchPage page, Instant settledBefore) {
        List<SearchPage.Entry> entries = page.entries();
        Set<String> keys = new LinkedHashSet<>();
        entries.forEach(e -> keys.add(e.key()));
        Set<String> already = inbox.existingKeys(partner, keys);
        Mark watermark = watermarkAfter(entries, settledBefore);
        List<InboxBatchWriter.NewMessage> fresh = new ArrayList<>();
        Set<String> stored = new LinkedHashSet<>(already);
        for (SearchPage.Entry entry : entries) {
            if (stored.add(entry.key())) {
                fresh.add(new InboxBatchWriter.NewMessage(entry.key(), entry.resourceType(), InboxState.RECEIVED, null, entry.json()));
            }
        }
        Committed committed = transaction.execute(tx -> {
            // one JDBC batch for the page; a key another writer committed meanwhile is left as it is
            int received = batches.storeAll(partner, FhirInboxFormat.FORMAT, fresh).received();
            if (watermark != null) {
                watermarks.advance(partner, type, watermark.at(), watermark.text());
            }
            Long last = fresh.isEmpty() ? null
                    : inbox.idOf(partner, fresh.get(fresh.size() - 1).messageKey()).orElse(null);
            return new Committed(received, last);
        });
        if (watermark != null) {
            watermarkCache.merge(partner + '|' + type, watermark.at(), (a, b) -> a.isAfter(b) ? a : b);
        }
        for (int i = 0; i < committed.received(); i++) {
            metrics.count(partner, FeedMetrics.Outcome.RECEIVED);
        }
        if (committed.received() > 0 && committed.lastId() != null) {
            // processing takes every waiting message, oldest first, up to the page's last: one hand-off per page
            handoff.handOff(committed.lastId());
        }
        log.debug("{} {}: page of {}, {} new, watermark {}", partner, type, entries.size(), committed.received(),
                watermark == null ? "unchanged" : watermark.text());
        return committed.received();
    }

    /** What a page's transaction committed: how many resources were new, and the inbox id of the page's last. */
    private record Committed(int received, Long lastId) {
    }

    /** A watermark position: the instant, and the text the partner is asked with ({@code _lastUpdated=ge<text>}). */
    private record Mark(Instant at, String text) {
    }

    /**
     * Where a page moves the watermark: its newest {@code meta.lastUpdated}, as the partner wrote it, but not past
     * {@code settledBefore} (when given); null when no resource on it has one.
     */
    private static Mark watermarkAfter(List<SearchPage.Entry> entries, Instant settledBefore) {
        SearchPage.Entry newest = null;
        for (SearchPage.Entry entry : entries) {
            if (entry.lastUpdated() != null && (newest == null || entry.lastUpdated().isAfter(newest.lastUpdated()))) {
                newest = entry;
            }
        }
        if (newest == null) {
            return null;
        }
        return settledBefore != null && newest.lastUpdated().isAfter(settledBefore)
                ? new Mark(settledBefore, settledBefore.toString())
                : new Mark(newest.lastUpdated(), newest.lastUpdatedText());
    }

    /**
     * Resource types are read one after another, so a Condition can arrive before the Patient it names (both changed
     * between two reads). Such a resource is quarantined as waiting for that Patient; once the Patient has been taken
     * in, it goes back to processing, oldest first, with no operator needed.
     */
    private void retryThoseWaitingForTheirPatient(String partner) {
        long after = 0;
        int requeued = 0;
        List<InboxEntry> page;
        do {
            page = inbox.quarantinedWithReason(partner, FhirPatientIdentifier.NOT_TAKEN_IN, after, RETRY_PAGE);
            List<Long> ready = new ArrayList<>();
            for (InboxEntry waiting : page) {
                after = waiting.id();
                String patientId = FhirPatientIdentifier.waitingFor(waiting.reason()).orElse(null);
                if (patientId != null && partnerPatients.find(partner, patientId).isPresent()) {
                    ready.add(waiting.id());
                }
            }
            // one statement and one hand-off a page: a bulk load can leave tens of thousands waiting
            int moved = inbox.requeueAll(ready, InboxState.QUARANTINED);
            if (moved > 0) {
                requeued += moved;
                handoff.handOff(ready.get(ready.size() - 1));
            }
        } while (page.size() == RETRY_PAGE);
        if (requeued > 0) {
            log.info("{}: {} resources quarantined to wait for their Patient went back to processing (the Patient has been taken in)",
                    partner, requeued);
        }
    }

    /** A page that is not readable JSON is kept (FAILED, with the reason), once, so operators can see what the partner sent. */
    private void keepUnreadablePage(String partner, String type, String body, String reason) {
        String text = body == null ? "" : body;
        InboxReceipt receipt = inbox.store(partner, type + "/page/sha256:" + SearchPage.sha256(text), FhirInboxFormat.FORMAT, "Bundle",
                InboxState.FAILED, reason, text);
        if (!receipt.duplicate()) {
            metrics.count(partner, FeedMetrics.Outcome.RECEIVED);
            metrics.count(partner, FeedMetrics.Outcome.FAILED);
            log.warn("inbox {} ({} {} search page) FAILED: {}", receipt.id(), partner, type, reason);
        }
    }

    static URI firstPage(URI base, String type, int pageSize, FhirWatermarks.Watermark mark) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        StringBuilder url = new StringBuilder(root).append(type).append("?_count=").append(pageSize).append("&_sort=_lastUpdated");
        if (mark != null) {
            // ge, not gt: resources updated in the same instant as the watermark but on a page not yet committed are not skipped
            url.append("&_lastUpdated=").append(URLEncoder.encode("ge" + mark.text(), StandardCharsets.UTF_8));
        }
        return URI.create(url.toString());
    }

    private FhirPartnerClient client(String partner, URI base, CarehubProperties.Partner config) {
        FhirPartnerClient existing = clients.get(partner);
        if (existing != null && existing.base().equals(base)) {
            return existing;
        }
        SSLContext ssl = null;
        if (config.getAuth().getSslBundle() != null) {
            SslBundles bundles = sslBundles.getIfAvailable();
            if (bundles == null) {
                throw new FeedRefusedException(partner + ": SSL bundle " + config.getAuth().getSslBundle() + " is not available");
            }
            ssl = bundles.getBundle(config.getAuth().getSslBundle()).createSslContext();
        }
        FhirPartnerClient created = new FhirPartnerClient(partner, base, PartnerCredentials.of(partner, config.getAuth()), config.getTimeout(), ssl);
        clients.put(partner, created);
        return created;
    }

    private URI baseUrl(String partner) {
        CarehubProperties.Partner config = properties.getPartners().get(partner);
        if (config != null && config.getBaseUrl() != null) {
            return config.getBaseUrl();
        }
        return simulated.get(partner);
    }

    private CarehubProperties.Partner config(String partner) {
        CarehubProperties.Partner config = properties.getPartners().get(partner);
        return config == null ? new CarehubProperties.Partner() : config;
    }

    private void update(String partner, FhirFeedStates.State state, String reason, Instant next, boolean success, long taken) {
        FhirFeedStates.Status was = status(partner);
        Instant now = Instant.now();
        states.put(partner, new FhirFeedStates.Status(state, reason, was.baseUrl(), was.simulated(), next,
                success ? now : was.lastSuccessAt(), success ? was.lastProblemAt() : now, was.resourcesTaken() + taken));
    }

    private static final class TypeRun {
        int taken;
        Duration retryAfter;
        int status;
    }
}
