package org.darlingtontogether.carehub.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One page of a partner's search result, split into its resources without interpreting them: each resource's JSON is
 * kept exactly as the partner wrote it, so one resource that HAPI cannot read fails on its own (as an inbox entry)
 * while the rest of the page goes on. Only the page itself must be readable JSON.
 */
record SearchPage(List<Entry> entries, String next) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A resource on the page.
     *
     * @param key         the inbox key: {@code Type/id/_history/versionId}, else {@code Type/id/_lastUpdated/<instant>},
     *                    else the content's hash
     * @param lastUpdated its {@code meta.lastUpdated}, or null when absent or unreadable
     */
    record Entry(String resourceType, String key, String json, Instant lastUpdated, String lastUpdatedText) {
    }

    /** An unreadable page. */
    static final class UnreadablePageException extends Exception {
        UnreadablePageException(String message) {
            super(message);
        }
    }

    static SearchPage read(String body) throws UnreadablePageException {
        JsonNode bundle;
        try {
            bundle = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new UnreadablePageException("search page is not readable JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
        if (bundle == null || !bundle.isObject() || !"Bundle".equals(bundle.path("resourceType").asText())) {
            throw new UnreadablePageException("search page is not a FHIR Bundle");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.get("resource");
            if (resource == null || !resource.isObject() || "outcome".equals(entry.path("search").path("mode").asText())) {
                continue;
            }
            String type = resource.path("resourceType").asText("");
            if (type.equals("OperationOutcome")) {
                continue;
            }
            String json = resource.toString();
            String id = resource.path("id").asText("");
            JsonNode meta = resource.path("meta");
            String version = meta.path("versionId").asText("");
            String updatedText = meta.path("lastUpdated").isTextual() ? meta.path("lastUpdated").asText() : null;
            Instant updated = instant(updatedText);
            String key;
            if (type.isEmpty() || id.isEmpty() || !id.matches("[A-Za-z0-9\\-.]{1,64}")) {
                key = (type.isEmpty() ? "unknown" : clip(type)) + "/sha256:" + sha256(json);
            } else if (!version.isEmpty() && version.length() <= 64) {
                key = type + "/" + id + "/_history/" + version;
            } else if (updated != null) {
                key = type + "/" + id + "/_lastUpdated/" + updated;
            } else {
                key = type + "/" + id + "/sha256:" + sha256(json);
            }
            entries.add(new Entry(type.isEmpty() ? null : clip(type), key, json, updated, updated == null ? null : updatedText));
        }
        String next = null;
        for (JsonNode link : bundle.path("link")) {
            if ("next".equals(link.path("relation").asText())) {
                next = link.path("url").asText(null);
            }
        }
        return new SearchPage(entries, next);
    }

    /**
     * The DELETE entries of a history page ({@code request.method = DELETE}, {@code request.url = Type/id/_history/n}),
     * each keyed by its url and kept as the entry's JSON; other versions are left to the search.
     */
    static SearchPage readDeletions(String body) throws UnreadablePageException {
        JsonNode bundle;
        try {
            bundle = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new UnreadablePageException("history page is not readable JSON");
        }
        if (bundle == null || !bundle.isObject() || !"Bundle".equals(bundle.path("resourceType").asText())) {
            throw new UnreadablePageException("history page is not a FHIR Bundle");
        }
        List<Entry> deletions = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode request = entry.path("request");
            String url = request.path("url").asText("");
            if (!"DELETE".equals(request.path("method").asText()) || url.isEmpty() || url.length() > 190) {
                continue;
            }
            String relative = url.startsWith("/") ? url.substring(1) : url;
            String type = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : relative;
            deletions.add(new Entry(clip(type), relative.contains("/_history/") ? relative : relative + "/_deleted/" + sha256(entry.toString()),
                    entry.toString(), null, null));
        }
        String next = null;
        for (JsonNode link : bundle.path("link")) {
            if ("next".equals(link.path("relation").asText())) {
                next = link.path("url").asText(null);
            }
        }
        return new SearchPage(deletions, next);
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String clip(String type) {
        return type.length() <= 40 ? type : type.substring(0, 40);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
