package org.darlingtontogether.carehub.audit;

import org.springframework.stereotype.Component;

/**
 * Records every disclosure of audit rows (a CSV export, a page of rows, a subject access report, a FHIR AuditEvent
 * search) as one {@code AUDIT_EXPORTED} row: who, how, the filter and how many rows. The NHS number of a
 * one-person export goes in {@code nhs_number}, never in {@code detail}.
 */
@Component
public class AuditExports {

    private final AuditTrail trail;

    public AuditExports(AuditTrail trail) {
        this.trail = trail;
    }

    /**
     * @param how    the kind of disclosure, e.g. {@code csv}, {@code events}, {@code subject-access}, {@code fhir}
     * @param filter what was asked for
     * @param rows   how many rows were disclosed
     * @param ok     false when the export stopped part way
     */
    public void record(String how, AuditSearch.Filter filter, long rows, boolean ok) {
        trail.append(AuditEntry.of(AuditAction.AUDIT_EXPORTED).actor(AuditActor.current()).person(filter.nhsNumber())
                .entity("AuditEvent", null, null).outcome(ok ? AuditEntry.SUCCESS : AuditEntry.FAILURE, null)
                .detail(how + " " + filter.describe() + "; " + rows + " rows" + (ok ? "" : " before it failed")));
    }
}
