package org.darlingtontogether.carehub.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of a mapping file with where it is ({@code message/ADT_A01.yml: resources[2]}), so every load error names
 * the exact place. Unknown keys are errors: a misspelt key must not silently do nothing.
 */
final class YamlNode {

    private final Object value;
    private final String where;

    YamlNode(Object value, String where) {
        this.value = value;
        this.where = where;
    }

    String where() {
        return where;
    }

    boolean isMap() {
        return value instanceof Map;
    }

    boolean isList() {
        return value instanceof List;
    }

    boolean isScalar() {
        return value != null && !isMap() && !isList();
    }

    String scalar() {
        if (!isScalar()) {
            throw fail("expected a single value");
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
        if (!isMap()) {
            throw fail("expected a map of keys");
        }
        return (Map<String, Object>) value;
    }

    boolean has(String key) {
        return isMap() && map().get(key) != null;
    }

    YamlNode get(String key) {
        Object child = map().get(key);
        return child == null ? null : new YamlNode(child, where + "." + key);
    }

    String string(String key) {
        YamlNode child = get(key);
        if (child == null) {
            throw fail("'" + key + "' is missing");
        }
        return child.scalar();
    }

    String optString(String key) {
        YamlNode child = get(key);
        return child == null ? null : child.scalar();
    }

    /** The items of a list; a single value counts as a list of one. */
    List<YamlNode> items() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            return List.of(this);
        }
        List<YamlNode> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            items.add(new YamlNode(list.get(i), where + "[" + i + "]"));
        }
        return items;
    }

    List<YamlNode> list(String key) {
        YamlNode child = get(key);
        return child == null ? List.of() : child.items();
    }

    void allowOnly(Set<String> keys) {
        for (String key : map().keySet()) {
            if (!keys.contains(key) && !key.equals("description") && !key.equals("note")) {
                throw fail("unknown key '" + key + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
            }
        }
    }

    MappingLoadException fail(String problem) {
        return new MappingLoadException(where + ": " + problem);
    }
}
