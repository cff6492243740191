package org.darlingtontogether.carehub.map;

import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordWrite;

/**
 * What one message means for the shared record: resources to write, identity merges (ADT A40) to carry out
 * before them, and resources the source deleted (a FHIR partner's DELETE), marked deleted after them.
 */
public record MappedMessage(List<RecordWrite> writes, List<Merge> merges, List<Deletion> deletions) {

    public MappedMessage(List<RecordWrite> writes, List<Merge> merges) {
        this(writes, merges, List.of());
    }

    /** The source deleted this resource: the record keeps its versions and answers it as deleted. */
    public record Deletion(String resourceType, String id) {
    }

    /** Everything held under {@code from} moves under the surviving identity {@code to}. */
    public record Merge(NhsNumber from, NhsNumber to) {
    }
}
