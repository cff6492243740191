package org.darlingtontogether.carehub.inbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.map.CsvExtract;
import org.darlingtontogether.carehub.map.CsvMapper;
import org.darlingtontogether.carehub.ops.FeedMetrics;
import org.darlingtontogether.carehub.ops.InboxHandoff;
import org.darlingtontogether.carehub.parse.CsvRowPayload;
import org.darlingtontogether.carehub.parse.CsvRows;
import org.darlingtontogether.carehub.process.CsvInboxFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes a partner's CSV extract into the inbox, one inbox message per row ({@code <file name>#<row>}, its type the
 * extract's name), committed in batches, streaming the file in constant memory. Each row is checked against the
 * extract's columns: a good row is RECEIVED for processing, a bad one kept FAILED with its reason and listed in the
 * reject report; the other rows go on. A file whose name matches no extract, or whose header does not match its
 * extract, is rejected whole (one FAILED inbox message for the file, and the reason in the report). Reading the same
 * file again (a restart mid-file) commits only the rows not yet in the inbox.
 *
 * <p>Logs carry partner, file name, counts and outcomes, never row content.
 */
@Component("csvFileIntake")
public class CsvFileIntake {

    private static final Logger log = LoggerFactory.getLogger(CsvFileIntake.class);

    private final CsvMapper mapper;
    private final InboxBatchWriter inbox;
    private final InboxHandoff handoff;
    private final FeedMetrics metrics;
    private final int batchSize;
    private final boolean processing;

    public CsvFileIntake(CsvMapper mapper, InboxBatchWriter inbox, InboxHandoff handoff, FeedMetrics metrics,
                         CarehubProperties properties) {
        this.mapper = mapper;
        this.inbox = inbox;
        this.handoff = handoff;
        this.metrics = metrics;
        this.batchSize = properties.getSftp().getBatchSize();
        this.processing = properties.getProcessing().isEnabled();
    }

    /** The route's entry: the partner from {@code CareHubPartner}, the file as downloaded; sets where it goes next. */
    public void take(@Header(Hl7Intake.PARTNER) String partner, @Header(Exchange.FILE_NAME_ONLY) String fileName,
                     @Body File file, Message message) throws IOException {
        receive(partner, fileName, file.toPath()).applyTo(message);
    }

    /**
     * Reads the file (already local) into the inbox. Throws on I/O or database failure, with nothing acknowledged:
     * the file stays on the server and is read again; rows committed before the failure are then no-ops.
     */
    public FileOutcome receive(String partner, String fileName, Path file) throws IOException {
        CsvExtract extract = mapper.extractForFile(partner, fileName).orElse(null);
        if (extract == null) {
            return rejectFile(partner, fileName, null, "",
                    "no extract mapping in mappings/csv/" + partner + " matches the file name " + fileName);
        }
        try (CsvRows rows = CsvRows.open(file)) {
            if (rows.header().isEmpty()) {
                return rejectFile(partner, fileName, extract, "", "the file is empty: no header row");
            }
            CsvExtract.Layout layout = extract.layout(rows.header());
            if (layout.problem() != null) {
                return rejectFile(partner, fileName, extract, String.join(",", rows.header()), layout.problem());
            }
            return readRows(partner, fileName, extract, layout, rows);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private FileOutcome readRows(String partner, String fileName, CsvExtract extract, CsvExtract.Layout layout,
                                 CsvRows rows) throws IOException {
        long started = System.nanoTime();
        RejectReport report = new RejectReport();
        List<InboxBatchWriter.NewMessage> batch = new ArrayList<>(batchSize);
        long count = 0;
        long fresh = 0;
        // one batch is committed while the next is read: at most two batches in memory, committed in file order
        ExecutorService committer = Executors.newSingleThreadExecutor(r -> new Thread(r, partner + "-inbox-commit"));
        Future<Long> committing = null;
        try {
            for (CsvRows.Row row : rows) {
                count++;
                String key = fileName + "#" + row.number();
                String payload = CsvRowPayload.encode(layout.header(), row.values());
                String problem = layout.rowProblem(row.values());
                if (problem == null) {
                    batch.add(new InboxBatchWriter.NewMessage(key, extract.name(), InboxState.RECEIVED, null, payload));
                } else {
                    report.reject(Long.toString(row.number()), problem);
                    batch.add(new InboxBatchWriter.NewMessage(key, extract.name(), InboxState.FAILED,
                            "row " + row.number() + ": " + problem, payload));
                }
                if (batch.size() == batchSize) {
                    fresh += completed(committing);
                    List<InboxBatchWriter.NewMessage> full = batch;
                    committing = committer.submit(() -> commit(partner, full));
                    batch = new ArrayList<>(batchSize);
                }
            }
            fresh += completed(committing);
            committing = null;
            fresh += commit(partner, batch);
        } finally {
            if (committing != null) {
                // reading failed while a batch was being committed: let it finish before the file is given up
                completedQuietly(committing);
            }
            committer.shutdown();
        }
        // every row is safe with the hub now, those committed by an earlier read of the file included
        metrics.count(partner, FeedMetrics.Outcome.ACKNOWLEDGED, count);
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        log.info("{} {} ({}, {}): {} rows, {} new to the inbox, {} rejected, in {} ms ({} rows/s)", partner, fileName,
                extract.name(), rows.charset(), count, fresh, report.count(), millis, count * 1000 / millis);
        return new FileOutcome(fileName, extract.name(), count, fresh, report.count(), null, report.text());
    }

    /** Waits for the batch being committed; its failure (database, I/O) is the file's failure. */
    private static long completed(Future<Long> committing) throws IOException {
        if (committing == null) {
            return 0;
        }
        try {
            return committing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while committing rows to the inbox");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    private static void completedQuietly(Future<Long> committing) {
        try {
            committing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the reading failure is the one reported
        }
    }

    private long commit(String partner, List<InboxBatchWriter.NewMessage> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        InboxBatchWriter.Stored stored = inbox.storeAll(partner, CsvInboxFormat.FORMAT, batch);
        // a row already in the inbox (a file read again) is not counted twice
        metrics.count(partner, FeedMetrics.Outcome.RECEIVED, stored.total());
        metrics.count(partner, FeedMetrics.Outcome.FAILED, stored.failed());
        if (stored.received() > 0 && processing) {
            handoff.handOffWaiting();
        }
        return stored.total();
    }

    private FileOutcome rejectFile(String partner, String fileName, CsvExtract extract, String header, String problem) {
        String type = extract == null ? "CSV file" : extract.name();
        InboxBatchWriter.Stored stored = inbox.storeAll(partner, CsvInboxFormat.FORMAT, List.of(new InboxBatchWriter.NewMessage(
                fileName, type, InboxState.FAILED, "file rejected: " + problem, header)));
        metrics.count(partner, FeedMetrics.Outcome.RECEIVED, stored.total());
        metrics.count(partner, FeedMetrics.Outcome.FAILED, stored.failed());
        RejectReport report = new RejectReport();
        report.reject("1", "file rejected: " + problem);
        // the reason can quote the first line (a file sent without its header starts with data), so it is not logged
        log.warn("{} {} ({}): file rejected, see the reject report and the inbox", partner, fileName, type);
        return new FileOutcome(fileName, type, 0, 0, 0, problem, report.text());
    }
}
