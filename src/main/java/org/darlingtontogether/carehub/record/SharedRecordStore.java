package org.darlingtontogether.carehub.record;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.darlingtontogether.carehub.config.KeyLists;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shared care record: versioned FHIR R4 resources keyed by NHS number. Writing the same content again
 * changes nothing; a change from the source makes a new version and keeps the old one in history.
 */
@Repository
public class SharedRecordStore {

    private static final String COLUMNS =
            "resource_type, id, nhs_number, version, source_partner, source_message, category, deleted, last_updated, content";
    private static final RowMapper<StoredResource> ROW = SharedRecordStore::row;

    private final JdbcTemplate batches;
    private final JdbcClient jdbc;
    private final FhirContext fhir;
    private final ApplicationEventPublisher events;

    public SharedRecordStore(JdbcTemplate jdbcTemplate, FhirContext fhir) {
        this(jdbcTemplate, fhir, null);
    }

    /** With {@code events}: every change is published as {@link RecordChanged} inside the writing transaction. */
    @Autowired
    public SharedRecordStore(JdbcTemplate jdbcTemplate, FhirContext fhir, ApplicationEventPublisher events) {
        this.batches = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.fhir = fhir;
        this.events = events;
    }

    /**
     * Writes many resources, in order, with a handful of statements: current versions read in one query, then
     * history, inserts and updates each as one JDBC batch. The outcome for each write is as {@link #write} would give
     * if called one after the other (the same resource written twice in a list gets two versions when it changed).
     */
    @Transactional
    public List<WriteOutcome> writeAll(List<RecordWrite> writes) {
        return writeEncoded(encodeAll(writes));
    }

    /**
     * The stored form of each write, worked out before any transaction: processing encodes a batch while the one
     * before it commits. The resources must not change afterwards.
     */
    public List<EncodedWrite> encodeAll(List<RecordWrite> writes) {
        List<EncodedWrite> encoded = new ArrayList<>(writes.size());
        for (RecordWrite write : writes) {
            String type = fhir.getResourceType(write.resource());
            String id = write.resource().getIdElement().getIdPart();
            if (id == null) {
                throw new IllegalArgumentException(type + " has no id: derive one with ResourceIds");
            }
            String content = encode(write.resource());
            encoded.add(new EncodedWrite(type, id, write, content, sha256(content)));
        }
        return encoded;
    }

    /** {@link #writeAll} of writes already encoded with {@link #encodeAll}. */
    @Transactional
    public List<WriteOutcome> writeEncoded(List<EncodedWrite> encoded) {
        if (encoded.isEmpty()) {
            return List.of();
        }
        Map<String, Head> heads = currentHeads(encoded);
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> historyFromTable = new ArrayList<>();
        List<Object[]> historyFromBatch = new ArrayList<>();
        List<WriteOutcome> outcomes = new ArrayList<>(encoded.size());
        List<RecordChanged.Change> changes = new ArrayList<>();
        for (EncodedWrite p : encoded) {
            Head head = heads.get(p.key());
            if (head == null) {
                heads.put(p.key(), Head.created(p));
                outcomes.add(WriteOutcome.CREATED);
                changes.add(new RecordChanged.Change(p.type(), p.id(), 1, p.write().nhsNumber()));
            } else if (head.hash.equals(p.hash()) && head.nhsNumber.equals(p.write().nhsNumber())) {
                outcomes.add(WriteOutcome.UNCHANGED);
            } else {
                if (head.latest == null) {
                    historyFromTable.add(new Object[] {p.type(), p.id()});
                } else {
                    RecordWrite was = head.latest.write();
                    historyFromBatch.add(new Object[] {p.type(), p.id(), head.version, was.nhsNumber(), was.partner(),
                            was.inboxId(), was.category(), false, now, head.latest.content()});
                }
                head.version++;
                head.hash = p.hash();
                head.nhsNumber = p.write().nhsNumber();
                head.latest = p;
                outcomes.add(WriteOutcome.UPDATED);
                changes.add(new RecordChanged.Change(p.type(), p.id(), head.version, p.write().nhsNumber()));
            }
        }
        batches.batchUpdate("insert into record_resource_history (resource_type, id, version, nhs_number, source_partner,"
                + " source_message, category, deleted, last_updated, content) select resource_type, id, version, nhs_number,"
                + " source_partner, source_message, category, deleted, last_updated, content from record_resource"
                + " where resource_type = ? and id = ?", historyFromTable);
        batches.batchUpdate("insert into record_resource_history (resource_type, id, version, nhs_number, source_partner,"
                + " source_message, category, deleted, last_updated, content) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", historyFromBatch);
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (Head head : heads.values()) {
            if (head.latest == null) {
                continue;
            }
            RecordWrite w = head.latest.write();
            if (head.stored) {
                updates.add(new Object[] {w.nhsNumber(), head.version, w.partner(), w.inboxId(), w.category(), head.hash, now,
                        head.latest.content(), head.latest.type(), head.latest.id()});
            } else {
                inserts.add(new Object[] {head.latest.type(), head.latest.id(), w.nhsNumber(), head.version, w.partner(), w.inboxId(),
                        w.category(), head.hash, now, head.latest.content()});
            }
        }
        batches.batchUpdate("insert into record_resource (resource_type, id, nhs_number, version, source_partner, source_message,"
                + " category, content_hash, deleted, last_updated, content) values (?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?)", inserts);
        batches.batchUpdate("update record_resource set nhs_number = ?, version = ?, source_partner = ?, source_message = ?,"
                + " category = ?, content_hash = ?, deleted = false, last_updated = ?, content = ? where resource_type = ? and id = ?", updates);
        publish(changes);
        return outcomes;
    }

    private void publish(List<RecordChanged.Change> changes) {
        if (events != null && !changes.isEmpty()) {
            events.publishEvent(new RecordChanged(List.copyOf(changes)));
        }
    }

    /** The stored version, hash and person of each resource about to be written, by primary key, in one query. */
    private Map<String, Head> currentHeads(List<EncodedWrite> encoded) {
        Map<String, Head> heads = new LinkedHashMap<>();
        Map<String, Object[]> keys = new LinkedHashMap<>();
        encoded.forEach(e -> keys.putIfAbsent(e.key(), new Object[] {e.type(), e.id()}));
        for (List<Object[]> part : KeyLists.parts(List.copyOf(keys.values()))) {
            jdbc.sql("select resource_type, id, version, content_hash, nhs_number from record_resource where (resource_type, id) in (:keys)")
                    .param("keys", part)
                    .query((rs, n) -> heads.put(rs.getString(1) + '/' + rs.getString(2),
                            Head.stored(rs.getInt(3), rs.getString(4), rs.getString(5))))
                    .list();
        }
        return heads;
    }

    /** Creates, updates (new version) or leaves alone the resource, by comparing content. */
    @Transactional
    public WriteOutcome write(RecordWrite write) {
        IBaseResource resource = write.resource();
        String type = fhir.getResourceType(resource);
        String id = resource.getIdElement().getIdPart();
        if (id == null) {
            throw new IllegalArgumentException(type + " has no id: derive one with ResourceIds");
        }
        String content = encode(resource);
        String hash = sha256(content);
        Optional<Current> current = jdbc.sql("select version, content_hash, nhs_number from record_resource where resource_type = ? and id = ?")
                .params(type, id)
                .query((rs, n) -> new Current(rs.getInt(1), rs.getString(2), rs.getString(3)))
                .optional();
        Timestamp now = Timestamp.from(Instant.now());
        if (current.isEmpty()) {
            jdbc.sql("insert into record_resource (resource_type, id, nhs_number, version, source_partner, source_message, category,"
                            + " content_hash, deleted, last_updated, content) values (?, ?, ?, 1, ?, ?, ?, ?, false, ?, ?)")
                    .params(type, id, write.nhsNumber(), write.partner(), write.inboxId(), write.category(), hash, now, content)
                    .update();
            publish(List.of(new RecordChanged.Change(type, id, 1, write.nhsNumber())));
            return WriteOutcome.CREATED;
        }
        Current was = current.get();
        if (was.hash().equals(hash) && was.nhsNumber().equals(write.nhsNumber())) {
            return WriteOutcome.UNCHANGED;
        }
        keepInHistory(type, id);
        jdbc.sql("update record_resource set nhs_number = ?, version = version + 1, source_partner = ?, source_message = ?, category = ?,"
                        + " content_hash = ?, deleted = false, last_updated = ?, content = ? where resource_type = ? and id = ?")
                .params(write.nhsNumber(), write.partner(), write.inboxId(), write.category(), hash, now, content, type, id)
                .update();
        publish(List.of(new RecordChanged.Change(type, id, was.version() + 1, write.nhsNumber())));
        return WriteOutcome.UPDATED;
    }

    /**
     * The source deleted the resource: a new version marked deleted (the content of the last one kept for history),
     * so reads answer it as gone and searches leave it out. Returns false when there is nothing current to delete.
     * A later write of the resource (the source re-creates it) makes it current again.
     */
    @Transactional
    public boolean markDeleted(String resourceType, String id, long inboxId) {
        Optional<Current> current = jdbc.sql("select version, content_hash, nhs_number from record_resource where resource_type = ? and id = ? and deleted = false")
                .params(resourceType, id)
                .query((rs, n) -> new Current(rs.getInt(1), rs.getString(2), rs.getString(3)))
                .optional();
        if (current.isEmpty()) {
            return false;
        }
        keepInHistory(resourceType, id);
        // the hash no longer matches any content, so writing the same content again brings it back as a new version
        jdbc.sql("update record_resource set version = version + 1, source_message = ?, content_hash = 'deleted', deleted = true,"
                        + " last_updated = ? where resource_type = ? and id = ?")
                .params(inboxId, Timestamp.from(Instant.now()), resourceType, id)
                .update();
        return true;
    }

    public Optional<StoredResource> read(String resourceType, String id) {
        return jdbc.sql("select " + COLUMNS + " from record_resource where resource_type = ? and id = ?")
                .params(resourceType, id).query(ROW).optional();
    }

    /** A specific version: the current one or one kept in history. */
    public Optional<StoredResource> readVersion(String resourceType, String id, int version) {
        Optional<StoredResource> current = read(resourceType, id).filter(r -> r.version() == version);
        if (current.isPresent()) {
            return current;
        }
        return jdbc.sql("select " + COLUMNS + " from record_resource_history where resource_type = ? and id = ? and version = ?")
                .params(resourceType, id, version).query(ROW).optional();
    }

    /** The current versions of these resources ({@code Type/id} references), in one query; missing ones are left out. */
    public Map<String, StoredResource> readAll(java.util.Collection<String> references) {
        Map<String, StoredResource> found = new java.util.HashMap<>();
        if (references.isEmpty()) {
            return found;
        }
        List<Object[]> keys = references.stream().distinct().filter(r -> r.indexOf('/') > 0)
                .map(r -> new Object[] {r.substring(0, r.indexOf('/')), r.substring(r.indexOf('/') + 1)}).toList();
        for (List<Object[]> part : KeyLists.parts(keys)) {
            jdbc.sql("select " + COLUMNS + " from record_resource where (resource_type, id) in (:keys)").param("keys", part).query(ROW).list()
                    .forEach(r -> found.put(r.resourceType() + "/" + r.id(), r));
        }
        return found;
    }

    /** Every current resource about a person, of one type or (type null) all types. */
    public List<StoredResource> forPerson(String nhsNumber, String resourceTypeOrNull) {
        if (resourceTypeOrNull == null) {
            return jdbc.sql("select " + COLUMNS + " from record_resource where nhs_number = ? and deleted = false order by resource_type, id")
                    .param(nhsNumber).query(ROW).list();
        }
        return jdbc.sql("select " + COLUMNS + " from record_resource where nhs_number = ? and resource_type = ? and deleted = false order by id")
                .params(nhsNumber, resourceTypeOrNull).query(ROW).list();
    }

    /** Every current resource of one type about any of these people (governance reads their Consent directives so). */
    public List<StoredResource> forPeople(java.util.Collection<String> nhsNumbers, String resourceType) {
        if (nhsNumbers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from record_resource where resource_type = :type and deleted = false"
                        + " and nhs_number in (:people) order by nhs_number, id")
                .param("type", resourceType).param("people", List.copyOf(nhsNumbers)).query(ROW).list();
    }

    /** Current resources changed since a time, newest first, at most {@code limit} (governance's what-if). */
    public List<StoredResource> changedSince(Instant since, int limit) {
        return jdbc.sql("select " + COLUMNS + " from record_resource where last_updated >= ? and deleted = false"
                        + " order by last_updated desc, resource_type, id limit ?")
                .params(Timestamp.from(since), limit).query(ROW).list();
    }

    /** Every current resource of a type (for unfiltered searches by the API). */
    public List<StoredResource> ofType(String resourceType, int limit) {
        return jdbc.sql("select " + COLUMNS + " from record_resource where resource_type = ? and deleted = false order by resource_type, id limit ?")
                .params(resourceType, limit).query(ROW).list();
    }

    public long count() {
        return jdbc.sql("select count(*) from record_resource").query(Long.class).single();
    }

    /** Copies the current version of a resource into history before it changes. */
    void keepInHistory(String type, String id) {
        jdbc.sql("insert into record_resource_history (resource_type, id, version, nhs_number, source_partner, source_message, category,"
                        + " deleted, last_updated, content) select resource_type, id, version, nhs_number, source_partner, source_message,"
                        + " category, deleted, last_updated, content from record_resource where resource_type = ? and id = ?")
                .params(type, id).update();
    }

    /** The JSON stored: version and time live in columns, so identical content compares equal. */
    String encode(IBaseResource resource) {
        IParser parser = fhir.newJsonParser();
        var meta = resource.getMeta();
        String versionId = meta.getVersionId();
        var lastUpdated = meta.getLastUpdated();
        meta.setVersionId(null);
        meta.setLastUpdated(null);
        try {
            return parser.encodeResourceToString(resource);
        } finally {
            meta.setVersionId(versionId);
            meta.setLastUpdated(lastUpdated);
        }
    }

    private static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StoredResource row(ResultSet rs, int n) throws SQLException {
        long message = rs.getLong("source_message");
        return new StoredResource(rs.getString("resource_type"), rs.getString("id"), rs.getString("nhs_number"), rs.getInt("version"),
                rs.getString("source_partner"), rs.wasNull() ? null : message, rs.getString("category"), rs.getBoolean("deleted"),
                rs.getTimestamp("last_updated").toInstant(), rs.getString("content"));
    }

    private record Current(int version, String hash, String nhsNumber) {
    }

    /** One resource to write, encoded as stored, with the hash that tells whether it changed. */
    public record EncodedWrite(String type, String id, RecordWrite write, String content, String hash) {
        String key() {
            return type + '/' + id;
        }
    }

    /** A resource's newest version while a batch is worked out; {@code latest} is set once the batch changed it. */
    private static final class Head {
        final boolean stored;
        int version;
        String hash;
        String nhsNumber;
        EncodedWrite latest;

        private Head(boolean stored, int version, String hash, String nhsNumber, EncodedWrite latest) {
            this.stored = stored;
            this.version = version;
            this.hash = hash;
            this.nhsNumber = nhsNumber;
            this.latest = latest;
        }

        static Head stored(int version, String hash, String nhsNumber) {
            return new Head(true, version, hash, nhsNumber, null);
        }

        static Head created(EncodedWrite p) {
            return new Head(false, 1, p.hash(), p.write().nhsNumber(), p);
        }
    }
}
