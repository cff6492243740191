package org.darlingtontogether.carehub.govern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node of an agreement file with the line it starts on, so that every problem is reported as
 * {@code agreements/x.yml line 12: rules[1].source: ...}. Unknown keys are errors: a misspelt key must not silently
 * widen or narrow what is shared.
 */
final class LocatedYaml {

    private static final YAMLFactory YAML = new YAMLFactory();

    private final Object value;
    private final String file;
    private final int line;
    private final String path;

    private LocatedYaml(Object value, String file, int line, String path) {
        this.value = value;
        this.file = file;
        this.line = line;
        this.path = path;
    }

    /** Reads a whole YAML document; a syntax error names the file and line. */
    static LocatedYaml parse(String file, String text) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new AgreementLoadException(file + " line 1: the file is empty");
            }
            return read(parser, file, "");
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new AgreementLoadException(file + " line " + line + ": not valid YAML (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new AgreementLoadException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static LocatedYaml read(JsonParser parser, String file, String path) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, LocatedYaml> map = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                LocatedYaml child = read(parser, file, path.isEmpty() ? key : path + "." + key);
                if (map.put(key, child) != null) {
                    throw new AgreementLoadException(file + " line " + keyLine + ": " + child.path + ": key given twice");
                }
            }
            return new LocatedYaml(map, file, line, path);
        }
        if (token == JsonToken.START_ARRAY) {
            List<LocatedYaml> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                list.add(read(parser, file, path + "[" + list.size() + "]"));
            }
            return new LocatedYaml(list, file, line, path);
        }
        if (token == JsonToken.VALUE_NULL) {
            return new LocatedYaml(null, file, line, path);
        }
        return new LocatedYaml(parser.getText(), file, line, path);
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    boolean isNull() {
        return value == null;
    }

    @SuppressWarnings("unchecked")
    Map<String, LocatedYaml> map() {
        if (!(value instanceof Map)) {
            throw fail("expected a map of keys");
        }
        return (Map<String, LocatedYaml>) value;
    }

    String scalar() {
        if (!(value instanceof String text)) {
            throw fail(value == null ? "a value is missing" : "expected a single value");
        }
        return text;
    }

    LocatedYaml get(String key) {
        LocatedYaml child = map().get(key);
        return child == null || child.isNull() ? null : child;
    }

    String string(String key) {
        LocatedYaml child = get(key);
        if (child == null) {
            throw fail("'" + key + "' is missing");
        }
        return child.scalar();
    }

    String optString(String key) {
        LocatedYaml child = get(key);
        return child == null ? null : child.scalar();
    }

    /** A list's items; a single value counts as a list of one. */
    @SuppressWarnings("unchecked")
    List<LocatedYaml> items() {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return (List<LocatedYaml>) list;
        }
        return List.of(this);
    }

    void allowOnly(Set<String> keys) {
        for (Map.Entry<String, LocatedYaml> entry : map().entrySet()) {
            if (!keys.contains(entry.getKey()) && !entry.getKey().equals("description") && !entry.getKey().equals("note")) {
                throw entry.getValue().fail("unknown key '" + entry.getKey() + "' (allowed: " + String.join(", ", new TreeSet<>(keys)) + ")");
            }
        }
    }

    AgreementLoadException fail(String problem) {
        return new AgreementLoadException(file + " line " + line + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }
}
