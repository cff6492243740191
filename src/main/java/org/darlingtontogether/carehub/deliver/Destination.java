package org.darlingtontogether.carehub.deliver;

import java.net.URI;
import java.util.List;

/**
 * Where one consumer's pushes go: its configured {@code carehub.consumers.<id>.push-url} (key {@code config}) or one of
 * its rest-hook Subscriptions (key {@code subscription:<id>}), and which changes it wants. Headers may carry the
 * consumer's secret: never logged ({@link #toString} leaves them out).
 *
 * @param resourceType only this type, or null for every type
 * @param nhsNumber    only this person, or null for everyone
 */
public record Destination(String key, String consumer, URI endpoint, List<String> headers, String resourceType, String nhsNumber) {

    public static final String CONFIGURED = "config";
    public static final String SUBSCRIPTION = "subscription:";

    public Destination {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public boolean wants(String type, String person) {
        return (resourceType == null || resourceType.equals(type)) && (nhsNumber == null || nhsNumber.equals(person));
    }

    @Override
    public String toString() {
        return "Destination[" + consumer + " " + key + "]";
    }
}
