package org.darlingtontogether.carehub.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.r4.model.InstantType;

/**
 * A searchset Bundle written as JSON straight from the stored resources' JSON, without parsing them into HAPI's model
 * and encoding them again (which is most of the cost of a large answer). The record stores each version as HAPI encoded
 * it, less {@code meta.versionId} and {@code meta.lastUpdated}; each entry is that JSON copied token by token (numbers
 * exactly as written) with the id, version and time put back where HAPI's encoder puts them, so the answer is the one
 * the API gives through HAPI ({@code SearchsetAnswer} uses this only for plain JSON without {@code _summary},
 * {@code _elements} or pretty printing).
 */
final class StoredBundleJson {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private StoredBundleJson() {
    }

    /** The Bundle: id, time, type, total, self link, then one entry (fullUrl, resource) per stored resource, in order. */
    static void write(OutputStream out, String serverBase, String selfLink, List<StoredResource> resources) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("resourceType", "Bundle");
            json.writeStringField("id", UUID.randomUUID().toString());
            json.writeObjectFieldStart("meta");
            json.writeStringField("lastUpdated", new InstantType(new Date()).getValueAsString());
            json.writeEndObject();
            json.writeStringField("type", "searchset");
            json.writeNumberField("total", resources.size());
            json.writeArrayFieldStart("link");
            json.writeStartObject();
            json.writeStringField("relation", "self");
            json.writeStringField("url", selfLink);
            json.writeEndObject();
            json.writeEndArray();
            if (!resources.isEmpty()) {
                json.writeArrayFieldStart("entry");
                for (StoredResource resource : resources) {
                    json.writeStartObject();
                    json.writeStringField("fullUrl", fullUrl(serverBase, resource));
                    json.writeFieldName("resource");
                    resource(json, resource);
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }

    /** An entry's {@code fullUrl}: the resource's address on this server, without its version. */
    static String fullUrl(String serverBase, StoredResource resource) {
        return serverBase + "/" + resource.resourceType() + "/" + resource.id();
    }

    /** One stored version as the API serves it: resourceType, id, meta (versionId, lastUpdated, then the stored meta), the rest. */
    static void resource(JsonGenerator json, StoredResource stored) throws IOException {
        try (JsonParser parser = JSON.createParser(stored.content())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("Stored " + stored.resourceType() + "/" + stored.id() + " v" + stored.version() + " is not a JSON object");
            }
            json.writeStartObject();
            boolean headWritten = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("resourceType")) {
                    json.writeStringField("resourceType", parser.getText());
                } else if (field.equals("id")) {
                    parser.skipChildren(); // written from the row, with the meta
                } else if (field.equals("meta") && !headWritten) {
                    head(json, stored, parser);
                    headWritten = true;
                } else {
                    if (!headWritten) {
                        head(json, stored, null);
                        headWritten = true;
                    }
                    json.writeFieldName(field);
                    copy(parser, json);
                }
            }
            if (!headWritten) {
                head(json, stored, null);
            }
            json.writeEndObject();
        }
    }

    /** id and meta: versionId and lastUpdated from the row, then the stored meta's other elements (if any), in order. */
    private static void head(JsonGenerator json, StoredResource stored, JsonParser storedMeta) throws IOException {
        json.writeStringField("id", stored.id());
        json.writeObjectFieldStart("meta");
        json.writeStringField("versionId", String.valueOf(stored.version()));
        // as HAPI writes an instant it is given as a Date: milliseconds, in the JVM's time zone
        json.writeStringField("lastUpdated", new InstantType(Date.from(stored.lastUpdated())).getValueAsString());
        if (storedMeta != null) {
            while (storedMeta.nextToken() == JsonToken.FIELD_NAME) {
                String field = storedMeta.currentName();
                storedMeta.nextToken();
                if (field.equals("versionId") || field.equals("lastUpdated")) {
                    storedMeta.skipChildren();
                } else {
                    json.writeFieldName(field);
                    copy(storedMeta, json);
                }
            }
        }
        json.writeEndObject();
    }

    /** The value the parser is at, copied whole; numbers exactly as written (a FHIR decimal's digits are its precision). */
    private static void copy(JsonParser parser, JsonGenerator json) throws IOException {
        int depth = 0;
        do {
            JsonToken token = parser.currentToken();
            json.copyCurrentEventExact(parser);
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            }
        } while (depth > 0 && parser.nextToken() != null);
    }
}
