package org.darlingtontogether.carehub.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CSV row as an inbox payload: a small JSON object of the header's column names to the row's values, in file
 * order ({@code {"person_id":"P1","nhs_number":"943 476 5919",...}}), exactly as sent.
 */
public final class CsvRowPayload {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper(JSON);
    private static final TypeReference<LinkedHashMap<String, String>> ROW = new TypeReference<>() {
    };

    private CsvRowPayload() {
    }

    public static String encode(List<String> header, List<String> values) {
        StringWriter out = new StringWriter(32 * header.size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (int i = 0; i < header.size(); i++) {
                json.writeStringField(header.get(i), i < values.size() ? values.get(i) : null);
            }
            // a row longer than its header keeps its extra fields too (it is rejected, and kept as sent)
            for (int i = header.size(); i < values.size(); i++) {
                json.writeStringField("field_" + (i + 1), values.get(i));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The row's values by column; throws {@link IllegalArgumentException} for a payload that is not such an object. */
    public static Map<String, String> decode(String payload) {
        try {
            return READER.readValue(payload, ROW);
        } catch (IOException e) {
            throw new IllegalArgumentException("the stored row is not a JSON object of column values", e);
        }
    }
}
