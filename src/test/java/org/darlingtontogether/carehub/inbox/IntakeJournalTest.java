package org.darlingtontogether.carehub.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.config.CommitDurability;
import org.darlingtontogether.carehub.config.H2DurableCommits;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The MLLP intake's journal on the embedded H2 file database. A crash is the database file as it was on disk while the
 * hub ran (copied then, with the journal), opened again: H2 writes a lazily committed group only at its next store,
 * with a write delay of a minute here so that its background writer stays out of the way.
 */
class IntakeJournalTest {

    private static final long NEVER = Long.MAX_VALUE;

    @TempDir
    Path folder;

    private HikariDataSource running;
    private HikariDataSource restarted;

    @AfterEach
    void close() {
        if (running != null) {
            running.close();
        }
        if (restarted != null) {
            restarted.close();
        }
    }

    @Test
    void aGroupAcknowledgedAfterTheLastStoreIsPutBackFromTheJournalAfterACrash() throws Exception {
        Hub hub = startHub(NEVER);
        DataSource live = hub.dataSource();
        IntakeJournal journal = hub.journal();
        InboxGroupCommit commits = hub.commits();
        long before = fileWrites(live);

        InboxReceipt receipt = commits.store("cddft", "MSG-1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|one");
        InboxReceipt failed = commits.store("cddft", "MSG-2", "HL7V2", null, InboxState.FAILED, "cannot read HL7 v2", "xx");

        assertThat(receipt.duplicate()).isFalse();
        assertThat(failed.state()).isEqualTo(InboxState.FAILED);
        assertThat(fileWrites(live)).as("the group's commit did not wait for an H2 store").isEqualTo(before);
        Instant receivedAt = new InboxRepository(JdbcClient.create(live)).findByKey("cddft", "MSG-1").orElseThrow().receivedAt();
        commits.close();
        Path crashed = crash("live");
        journal.close();

        DataSource after = restartOn(crashed);
        InboxRepository inbox = new InboxRepository(JdbcClient.create(after));
        assertThat(inbox.findByKey("cddft", "MSG-1")).as("the database file had not kept the group").isEmpty();

        IntakeJournal replayed = new IntakeJournal(after, IntakeJournal.besideDatabase(restarted), NEVER);
        assertThat(replayed.replay(inbox, transactions(after))).isEqualTo(2);

        InboxEntry back = inbox.findByKey("cddft", "MSG-1").orElseThrow();
        assertThat(back.payload()).isEqualTo("MSH|one");
        assertThat(back.state()).isEqualTo(InboxState.RECEIVED);
        assertThat(back.messageType()).isEqualTo("ADT^A01");
        assertThat(back.receivedAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(receivedAt.truncatedTo(ChronoUnit.MILLIS));
        InboxEntry failedBack = inbox.findByKey("cddft", "MSG-2").orElseThrow();
        assertThat(failedBack.state()).isEqualTo(InboxState.FAILED);
        assertThat(failedBack.reason()).isEqualTo("cannot read HL7 v2");
        assertThat(Files.size(replayed.file())).as("emptied once stored").isZero();
        assertThat(replayed.replay(inbox, transactions(after))).as("a second start puts back nothing").isZero();
        assertThat(JdbcClient.create(after).sql("select count(*) from inbox_message").query(Long.class).single()).isEqualTo(2);
        replayed.close();
    }

    @Test
    void whatTheDatabaseFileKeptIsNotPutBackTwiceAndARepeatIsNotJournalled() throws Exception {
        Hub hub = startHub(NEVER);
        DataSource live = hub.dataSource();
        IntakeJournal journal = hub.journal();
        InboxGroupCommit commits = hub.commits();
        commits.store("cddft", "MSG-1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|one");
        long afterFirst = Files.size(journal.file());
        assertThat(commits.store("cddft", "MSG-1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|one").duplicate()).isTrue();
        assertThat(Files.size(journal.file())).as("a repeat adds nothing to the journal").isEqualTo(afterFirst);
        CommitDurability.force(live);
        commits.store("cddft", "MSG-3", "HL7V2", "ADT^A08", InboxState.RECEIVED, null, "MSH|three");
        commits.close();
        Path crashed = crash("live");
        journal.close();

        DataSource after = restartOn(crashed);
        InboxRepository inbox = new InboxRepository(JdbcClient.create(after));
        assertThat(inbox.findByKey("cddft", "MSG-1")).isPresent();
        assertThat(inbox.findByKey("cddft", "MSG-3")).isEmpty();
        long firstId = inbox.findByKey("cddft", "MSG-1").orElseThrow().id();

        IntakeJournal replayed = new IntakeJournal(after, IntakeJournal.besideDatabase(restarted), NEVER);
        assertThat(replayed.replay(inbox, transactions(after))).isEqualTo(1);
        assertThat(inbox.findByKey("cddft", "MSG-1").orElseThrow().id()).isEqualTo(firstId);
        assertThat(inbox.findByKey("cddft", "MSG-3").orElseThrow().id()).isGreaterThan(firstId);
        replayed.close();
    }

    @Test
    void theJournalIsEmptiedOnceDueAndWhatItHeldIsThenInTheDatabaseFile() throws Exception {
        Hub hub = startHub(0);
        DataSource live = hub.dataSource();
        IntakeJournal journal = hub.journal();
        InboxGroupCommit commits = hub.commits();
        long before = fileWrites(live);

        commits.store("cddft", "MSG-1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|one");
        commits.close();
        // the trim's store and delete run on the trimming thread
        Path setAside = journal.file().resolveSibling("carehub.intake-journal.old");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(setAside));

        assertThat(fileWrites(live)).as("the trim stored the database file").isGreaterThan(before);
        assertThat(journal.file()).as("set aside, then deleted once stored").doesNotExist();
        Path crashed = crash("live");
        journal.close();
        assertThat(new InboxRepository(JdbcClient.create(restartOn(crashed))).findByKey("cddft", "MSG-1")).isPresent();
    }

    @Test
    void aJournalSetAsideButNotYetDeletedIsPutBackFirst() throws Exception {
        running = pool(folder.resolve("live/carehub"));
        DataSource live = durable(running);
        Path journal = IntakeJournal.besideDatabase(running);
        Instant now = Instant.parse("2026-12-06T09:00:00Z");
        // a crash during a trim: the older journal set aside, the newer one begun
        Files.write(journal.resolveSibling(journal.getFileName() + ".old"), IntakeJournal.encode(List.of(
                new IntakeJournal.Entry("cddft", "OLDER", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|older", now))));
        Files.write(journal, IntakeJournal.encode(List.of(
                new IntakeJournal.Entry("cddft", "NEWER", "HL7V2", "ADT^A08", InboxState.RECEIVED, null, "MSH|newer", now))));
        InboxRepository inbox = new InboxRepository(JdbcClient.create(live));
        IntakeJournal replayed = new IntakeJournal(live, journal, NEVER);

        assertThat(replayed.replay(inbox, transactions(live))).isEqualTo(2);

        assertThat(inbox.findByKey("cddft", "OLDER").orElseThrow().id()).isLessThan(inbox.findByKey("cddft", "NEWER").orElseThrow().id());
        assertThat(journal.resolveSibling(journal.getFileName() + ".old")).doesNotExist();
        assertThat(Files.size(journal)).isZero();
        replayed.close();
    }

    @Test
    void aJournalThatCannotBeWrittenFallsBackToStoringTheDatabaseFile() throws Exception {
        Hub hub = startHub(NEVER);
        DataSource live = hub.dataSource();
        InboxGroupCommit commits = hub.commits();
        // a folder where the journal should be: it cannot be opened for writing
        Files.createDirectories(hub.journal().file());
        long before = fileWrites(live);

        assertThat(commits.store("cddft", "MSG-1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|one").duplicate()).isFalse();

        assertThat(fileWrites(live)).as("stored to the database file before the answer").isGreaterThan(before);
        commits.close();
    }

    @Test
    void aRecordCutShortOrDamagedEndsTheJournal() throws IOException {
        Instant now = Instant.parse("2026-12-06T09:00:00Z");
        List<IntakeJournal.Entry> two = List.of(
                new IntakeJournal.Entry("cddft", "A", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|a é", now),
                new IntakeJournal.Entry("cddft", "B", "HL7V2", null, InboxState.FAILED, "why", "MSH|b", now));
        byte[] whole = IntakeJournal.encode(two);

        assertThat(IntakeJournal.read(whole)).isEqualTo(two);
        assertThat(IntakeJournal.read(Arrays.copyOf(whole, whole.length - 3))).containsExactly(two.get(0));
        assertThat(IntakeJournal.read(Arrays.copyOf(whole, IntakeJournal.encode(two.subList(0, 1)).length + 5)))
                .containsExactly(two.get(0));
        byte[] damaged = whole.clone();
        damaged[damaged.length - 2] ^= 0x55;
        assertThat(IntakeJournal.read(damaged)).containsExactly(two.get(0));
        assertThat(IntakeJournal.read(new byte[0])).isEmpty();
    }

    @Test
    void keptBesideAnEmbeddedH2FileOnly() {
        assertThat(IntakeJournal.besideDatabase("jdbc:h2:file:./data/carehub;WRITE_DELAY=100;MODE=PostgreSQL"))
                .isEqualTo(Path.of("data/carehub.intake-journal").toAbsolutePath());
        assertThat(IntakeJournal.besideDatabase("jdbc:h2:/srv/hub/carehub")).isEqualTo(Path.of("/srv/hub/carehub.intake-journal"));
        assertThat(IntakeJournal.besideDatabase("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isNull();
        assertThat(IntakeJournal.besideDatabase("jdbc:h2:tcp://db:9092/carehub")).isNull();
        assertThat(IntakeJournal.besideDatabase("jdbc:postgresql://127.0.0.1:5432/test")).isNull();
        assertThat(IntakeJournal.besideDatabase((String) null)).isNull();
    }

    /** A running hub's database, journal and group commit, on a file database in "live". */
    private record Hub(DataSource dataSource, IntakeJournal journal, InboxGroupCommit commits) {
    }

    private Hub startHub(long trimAfterMillis) {
        running = pool(folder.resolve("live/carehub"));
        DataSource live = durable(running);
        IntakeJournal journal = new IntakeJournal(live, IntakeJournal.besideDatabase(running), trimAfterMillis);
        return new Hub(live, journal, new InboxGroupCommit(new InboxRepository(JdbcClient.create(live)), transactions(live), journal));
    }

    /** The database a crash left (in {@code folder}), opened again; its journal is beside it. */
    private DataSource restartOn(Path crashed) {
        restarted = pool(crashed.resolve("carehub"));
        return durable(restarted);
    }

    /** The database file and the journal as they are on disk now, copied to a folder of their own. */
    private Path crash(String from) throws IOException {
        Path copy = Files.createDirectories(folder.resolve("crashed-" + System.nanoTime()));
        try (var files = Files.list(folder.resolve(from))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private static HikariDataSource pool(Path database) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:file:" + database.toAbsolutePath()
                + ";WRITE_DELAY=60000;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        pool.setUsername("sa");
        pool.setPassword("");
        Flyway.configure().dataSource(durable(pool)).locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
        return pool;
    }

    private static DataSource durable(HikariDataSource pool) {
        return (DataSource) new H2DurableCommits().postProcessAfterInitialization(pool, "dataSource");
    }

    private static TransactionTemplate transactions(DataSource dataSource) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    private static long fileWrites(DataSource dataSource) {
        return Long.parseLong(JdbcClient.create(dataSource)
                .sql("select setting_value from information_schema.settings where setting_name = 'info.FILE_WRITE'")
                .query(String.class).single());
    }
}
