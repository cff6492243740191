package org.darlingtontogether.carehub.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.map.CsvExtract;
import org.darlingtontogether.carehub.map.CsvMapper;
import org.darlingtontogether.carehub.map.MappingContext;
import org.darlingtontogether.carehub.map.MappingException;
import org.darlingtontogether.carehub.parse.CsvRowPayload;
import org.springframework.stereotype.Component;

/**
 * Rows of partners' CSV extracts (SFTP files; one inbox row per file row, its type the extract's name): read the
 * stored column values, find the NHS number in the extract's NHS number column, map as {@code mappings/csv} says.
 */
@Component
public class CsvInboxFormat implements InboxFormat {

    public static final String FORMAT = "CSV";

    private final CsvMapper mapper;

    public CsvInboxFormat(CsvMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Prepared prepare(InboxEntry entry) {
        CsvExtract extract = mapper.extract(entry.messageType()).orElse(null);
        if (extract == null) {
            return Prepared.parked(InboxState.FAILED, "no CSV extract mapping named " + entry.messageType());
        }
        Map<String, String> row;
        try {
            row = CsvRowPayload.decode(entry.payload());
        } catch (IllegalArgumentException e) {
            return Prepared.parked(InboxState.FAILED, e.getMessage());
        }
        // checked again against the mapping as it is now: a row replayed after the mapping changed (a code added to a
        // list, say) goes on; one still wrong stays FAILED with the reason, never mapped half-way
        CsvExtract.Layout layout = extract.layout(List.copyOf(row.keySet()));
        String wrong = layout.problem() != null ? layout.problem() : layout.rowProblem(new ArrayList<>(row.values()));
        if (wrong != null) {
            return Prepared.parked(InboxState.FAILED, wrong);
        }
        String nhsNumber = entry.nhsNumberOverride() != null ? entry.nhsNumberOverride() : row.get(extract.nhsNumberColumn());
        String problem = NhsNumber.problemWith(nhsNumber);
        if (problem != null) {
            return Prepared.parked(InboxState.QUARANTINED, problem + " (column " + extract.nhsNumberColumn() + ")");
        }
        try {
            return Prepared.processed(mapper.map(extract, row,
                    new MappingContext(entry.partner(), entry.id(), NhsNumber.of(nhsNumber)), entry.messageKey()));
        } catch (MappingException e) {
            return Prepared.parked(InboxState.FAILED, e.getMessage(), e.getMessage());
        }
    }
}
