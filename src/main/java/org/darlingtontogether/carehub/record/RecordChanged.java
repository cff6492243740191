package org.darlingtontogether.carehub.record;

import java.util.List;

/**
 * Published by {@link SharedRecordStore} inside the transaction that changed the record (listeners run in it, on the
 * writer's thread): each new resource version, so later stages (the delivery outbox) commit with the change or not at all.
 */
public record RecordChanged(List<Change> changes) {

    /** One new version of one resource, about one person. */
    public record Change(String resourceType, String id, int version, String nhsNumber) {
    }
}
