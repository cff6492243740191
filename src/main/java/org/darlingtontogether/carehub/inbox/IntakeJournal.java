package org.darlingtontogether.carehub.inbox;

import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.config.CommitDurability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The MLLP intake's journal, on the embedded H2 file database: each group's new messages appended to a file beside the
 * database before they are acknowledged, so that the group's commit need not wait for an H2 store (which writes every
 * page changed since the last one, processing's too). About once a second ({@link #trimIfDue}) the journal is set
 * aside as {@code <journal>.old} and a new one begun; a store of its own, on another thread so that no ACK waits for it,
 * then deletes the old one. After a crash, {@link #replay} puts back whatever the database file lost: only messages after
 * the last store, in the order they were acknowledged (a store is one consistent point).
 *
 * <p>As durable as H2's own store: written to the file before the ACK, not forced to the disk, so it survives the
 * process being killed, not a power cut (for that, PostgreSQL: {@code deploy/}). Off ({@link #enabled} false) on any
 * other database, an in-memory H2 or an H2 server, where the group commit makes its commit durable as before.
 *
 * <p>A record: its length, its CRC-32, then partner, key, format, type, state, reason, payload and the time received.
 * A record cut short (the hub killed while writing a group, which was therefore never acknowledged) ends the replay.
 */
@Component
public class IntakeJournal implements AutoCloseable {

    /** The journal is trimmed once it holds this much, or {@code carehub.inbox.journal-trim-interval} after the last trim. */
    static final long TRIM_AT_BYTES = 8L << 20;
    private static final Logger log = LoggerFactory.getLogger(IntakeJournal.class);

    /** A message as the intake committed it. */
    public record Entry(String partner, String messageKey, String format, String messageType, InboxState state, String reason,
                        String payload, Instant receivedAt) {
    }

    private final DataSource dataSource;
    private final Path file;
    private final Path retired;
    private final long trimAfterMillis;
    private final ExecutorService retiring = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "intake-journal-trim");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> retirement = CompletableFuture.completedFuture(null);
    private FileChannel channel;
    private boolean unusable;
    private long lastTrim = System.currentTimeMillis();

    @Autowired
    public IntakeJournal(DataSource dataSource, @Value("${carehub.inbox.journal-trim-interval:1s}") Duration trimInterval) {
        this(dataSource, besideDatabase(dataSource), trimInterval.toMillis());
    }

    IntakeJournal(DataSource dataSource, Path file, long trimAfterMillis) {
        this.dataSource = dataSource;
        this.file = file;
        this.retired = file == null ? null : file.resolveSibling(file.getFileName() + ".old");
        this.trimAfterMillis = trimAfterMillis;
    }

    /** True where a journal is kept (an embedded H2 file database). */
    public boolean enabled() {
        return file != null;
    }

    Path file() {
        return file;
    }

    /**
     * Appends a committed group's new messages; returns once they survive the hub being killed: in the journal, or,
     * should the journal not take them, in the database file (an H2 store), which throws if that fails too.
     */
    public synchronized void keep(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (unusable) {
            CommitDurability.force(dataSource);
            return;
        }
        long end = -1;
        try {
            ByteBuffer group = ByteBuffer.wrap(encode(entries));
            FileChannel out = channel();
            end = out.position();
            while (group.hasRemaining()) {
                out.write(group);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("the intake journal did not take a group of {} ({}): stored to the database file instead", entries.size(),
                    e.getClass().getSimpleName());
            cutBackTo(end);
            CommitDurability.force(dataSource);
        }
    }

    /**
     * After a failed write: the part of the group written is cut off, so that the records after it can be read. Should
     * that fail too, the journal is not written again until the hub restarts: each group is stored to the database
     * file instead (what the journal holds up to the damage stays readable for a replay).
     */
    private void cutBackTo(long end) {
        if (channel == null || end < 0) {
            return;
        }
        try {
            channel.truncate(end);
            channel.position(end);
        } catch (IOException e) {
            unusable = true;
            log.warn("the intake journal could not be mended after a failed write ({}): every group is stored to the database file"
                    + " until the hub restarts", e.getClass().getSimpleName());
        }
    }

    /**
     * Once the journal is large or a second old, and the last one set aside is gone: sets it aside and begins a new one;
     * on the trimming thread, an H2 store (so that what it held is in the database file), then the old one is deleted.
     * A failure leaves the old one in place, stored and deleted next time; a replay reads it first.
     */
    public synchronized void trimIfDue() {
        if (channel == null || !retirement.isDone()) {
            return;
        }
        try {
            if (channel.size() < TRIM_AT_BYTES && System.currentTimeMillis() - lastTrim < trimAfterMillis) {
                return;
            }
            if (!Files.exists(retired)) {
                channel.close();
                channel = null;
                Files.move(file, retired, StandardCopyOption.ATOMIC_MOVE);
            }
            lastTrim = System.currentTimeMillis();
            retirement = retiring.submit(this::retire);
        } catch (IOException | RuntimeException e) {
            log.warn("the intake journal could not be trimmed ({}): kept, tried again later", e.getClass().getSimpleName());
        }
    }

    private void retire() {
        try {
            CommitDurability.force(dataSource);
            Files.deleteIfExists(retired);
        } catch (IOException | RuntimeException e) {
            log.warn("the intake journal set aside could not be stored and deleted ({}): kept, tried again later",
                    e.getClass().getSimpleName());
        }
    }

    /**
     * After a start: commits every message in the journal that the inbox does not hold (by partner and key, as for a
     * repeat), stores the database file and empties the journal. Returns how many were put back. Before any
     * listener opens ({@code process/InboxRecovery}).
     */
    public synchronized int replay(InboxRepository inbox, TransactionTemplate transaction) {
        if (file == null || !Files.exists(file) && !Files.exists(retired)) {
            return 0;
        }
        List<Entry> entries = new ArrayList<>();
        try {
            // the one set aside first: it is older
            for (Path journal : List.of(retired, file)) {
                if (Files.exists(journal)) {
                    entries.addAll(read(Files.readAllBytes(journal)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the intake journal " + file + " could not be read", e);
        }
        Integer restored = transaction.execute(status -> {
            int added = 0;
            for (Entry e : entries) {
                if (!inbox.storeInTransaction(e.partner(), e.messageKey(), e.format(), e.messageType(), e.state(), e.reason(),
                        e.payload(), e.receivedAt()).duplicate()) {
                    added++;
                }
            }
            return added;
        });
        try {
            CommitDurability.force(dataSource);
            Files.deleteIfExists(retired);
            channel().truncate(0);
            channel.position(0);
            lastTrim = System.currentTimeMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("the intake journal " + file + " could not be emptied after its replay", e);
        }
        if (restored != null && restored > 0) {
            log.info("put back {} acknowledged messages from the intake journal that the database file had not kept", restored);
        }
        return restored == null ? 0 : restored;
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        retiring.shutdown();
        // a trim under way finishes while the database is still open (it takes no lock of this journal's)
        retiring.awaitTermination(10, TimeUnit.SECONDS);
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            channel.position(channel.size());
        }
        return channel;
    }

    static byte[] encode(List<Entry> entries) throws IOException {
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(group);
        for (Entry e : entries) {
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            DataOutputStream body = new DataOutputStream(record);
            for (String text : new String[] {e.partner(), e.messageKey(), e.format(), e.messageType(), e.state().name(), e.reason(),
                    e.payload()}) {
                writeText(body, text);
            }
            body.writeLong(e.receivedAt().toEpochMilli());
            byte[] bytes = record.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            out.writeInt(bytes.length);
            out.writeInt((int) crc.getValue());
            out.write(bytes);
        }
        return group.toByteArray();
    }

    /** The journal's whole records, in order; a record cut short or damaged ends it (never acknowledged). */
    static List<Entry> read(byte[] journal) throws IOException {
        List<Entry> entries = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(journal);
        while (in.hasRemaining()) {
            int length = in.remaining() >= 8 ? in.getInt() : -1;
            int expected = length < 0 ? 0 : in.getInt();
            if (length < 0 || length > in.remaining()) {
                log.warn("the intake journal ends in a record cut short (a group being written when the hub stopped, never acknowledged): ignored");
                break;
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            if ((int) crc.getValue() != expected) {
                log.warn("the intake journal ends in a damaged record (a group being written when the hub stopped, never acknowledged): ignored");
                break;
            }
            DataInputStream body = new DataInputStream(new ByteArrayInputStream(bytes));
            String partner = readText(body);
            String key = readText(body);
            String format = readText(body);
            String type = readText(body);
            InboxState state = InboxState.valueOf(readText(body));
            String reason = readText(body);
            String payload = readText(body);
            entries.add(new Entry(partner, key, format, type, state, reason, payload, Instant.ofEpochMilli(body.readLong())));
        }
        return entries;
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /**
     * {@code <database>.intake-journal} beside an embedded H2 file database ({@code jdbc:h2:file:path} or
     * {@code jdbc:h2:path}); null for any other.
     */
    static Path besideDatabase(DataSource dataSource) {
        String url;
        try {
            url = dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class).getJdbcUrl() : null;
        } catch (SQLException e) {
            url = null;
        }
        return besideDatabase(url);
    }

    static Path besideDatabase(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return null;
        }
        String rest = url.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        String name = options < 0 ? rest : rest.substring(0, options);
        if (name.startsWith("mem:") || name.startsWith("tcp:") || name.startsWith("ssl:") || name.startsWith("zip:")) {
            return null;
        }
        name = name.startsWith("file:") ? name.substring("file:".length()) : name;
        if (name.isBlank()) {
            return null;
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Path.of(name + ".intake-journal").toAbsolutePath().normalize();
    }
}
