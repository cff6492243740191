package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.darlingtontogether.carehub.api.security.HubClients;
import org.darlingtontogether.carehub.audit.AuditEventMapper;
import org.darlingtontogether.carehub.audit.AuditExports;
import org.darlingtontogether.carehub.audit.AuditSearch;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The audit trail of one person as FHIR AuditEvents, for the IG lead (scope {@code audit}; the security
 * configuration lets no one else reach {@code GET /fhir/AuditEvent}, and this checks again for any other way in):
 * {@code GET /fhir/AuditEvent?patient.identifier=https://fhir.nhs.uk/Id/nhs-number|N[&date=ge...&date=lt...][&_count=n]}.
 * Newest first, at most {@code _count} (default 100, at most 1000); rows sealed or not. Each search appends an
 * {@code AUDIT_EXPORTED} row. The mapping is {@link AuditEventMapper}'s.
 */
@Component
public class AuditEventProvider implements IResourceProvider {

    static final int DEFAULT_COUNT = 100;

    private final AuditSearch search;
    private final AuditExports exports;

    public AuditEventProvider(AuditSearch search, AuditExports exports, FhirContext fhir) {
        this.search = search;
        this.exports = exports;
        // HAPI strips versions from references when it encodes; an AuditEvent names the version that was read (BALP)
        Set<String> keep = new HashSet<>(fhir.getParserOptions().getDontStripVersionsFromReferencesAtPaths());
        keep.add("AuditEvent.entity.what");
        fhir.getParserOptions().setDontStripVersionsFromReferencesAtPaths(keep);
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return AuditEvent.class;
    }

    @Search
    public IBundleProvider byPatient(
            @RequiredParam(name = AuditEvent.SP_PATIENT, targetTypes = Patient.class, chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
            @Count Integer count) {
        requireAuditScope();
        String nhsNumber = nhsNumber(patient);
        int limit = count == null ? DEFAULT_COUNT : count;
        if (limit < 1 || limit > AuditSearch.MAX_PAGE) {
            throw new InvalidRequestException("_count must be between 1 and " + AuditSearch.MAX_PAGE);
        }
        Instant from = date == null || date.getLowerBoundAsInstant() == null ? null : date.getLowerBoundAsInstant().toInstant();
        Date upper = date == null ? null : date.getUpperBoundAsInstant();
        // HAPI gives the last millisecond the range includes; the search wants the first it excludes
        Instant to = upper == null ? null : upper.toInstant().plusMillis(1);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("date: the range is empty");
        }
        AuditSearch.Filter filter = new AuditSearch.Filter(from, to, nhsNumber, null, null, null, null, null);
        List<IBaseResource> events = search.page(filter, null, limit).stream()
                .<IBaseResource>map(AuditEventMapper::toAuditEvent).toList();
        exports.record("fhir", filter, events.size(), true);
        return new SimpleBundleProvider(events);
    }

    private static String nhsNumber(ReferenceParam patient) {
        if (!"identifier".equals(patient.getChain())) {
            throw new InvalidRequestException("Search AuditEvent by patient.identifier=" + NhsNumber.SYSTEM + "|<NHS number>");
        }
        String value = patient.getValue();
        int bar = value.indexOf('|');
        TokenParam token = bar < 0 ? new TokenParam(null, value) : new TokenParam(value.substring(0, bar), value.substring(bar + 1));
        if (token.getSystem() != null && !token.getSystem().isBlank() && !NhsNumber.SYSTEM.equals(token.getSystem())) {
            throw new InvalidRequestException("Only NHS number identifiers can be searched: use the system " + NhsNumber.SYSTEM);
        }
        String problem = NhsNumber.problemWith(token.getValue());
        if (problem != null) {
            throw new InvalidRequestException("Invalid identifier: " + problem);
        }
        return NhsNumber.of(token.getValue()).value();
    }

    private static void requireAuditScope() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean audit = authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> ("SCOPE_" + HubClients.AUDIT_SCOPE).equals(a.getAuthority()));
        if (!audit) {
            throw new ForbiddenOperationException("AuditEvent is for the information governance lead (scope " + HubClients.AUDIT_SCOPE + ")");
        }
    }
}
