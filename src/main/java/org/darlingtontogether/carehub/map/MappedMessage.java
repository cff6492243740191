package org.darlingtontogether.carehub.map;

import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordWrite;

/**
 * What one message means for the shared record: resources to write, and identity merges (ADT A40) to carry out
 * before them.
 */
public record MappedMessage(List<RecordWrite> writes, List<Merge> merges) {

    /** Everything held under {@code from} moves under the surviving identity {@code to}. */
    public record Merge(NhsNumber from, NhsNumber to) {
    }
}
