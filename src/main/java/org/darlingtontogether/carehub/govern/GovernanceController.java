package org.darlingtontogether.carehub.govern;

import java.net.URI;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Governance reports for IG leads and operators (scope {@code governance} or {@code ops}, by the security
 * configuration): {@code POST /api/governance/what-if?days=N} with a proposed agreement file as the body.
 */
@RestController
@RequestMapping(path = "/api/governance", produces = "application/json")
public class GovernanceController {

    private final WhatIf whatIf;

    public GovernanceController(WhatIf whatIf) {
        this.whatIf = whatIf;
    }

    @PostMapping(path = "/what-if", consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    public WhatIf.Report whatIf(@RequestBody String proposedAgreement,
                                @RequestParam(defaultValue = "30") int days,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException("days must be between 1 and 3660, not " + days);
        }
        return whatIf.run(proposedAgreement, days, on);
    }

    @ExceptionHandler(AgreementLoadException.class)
    ProblemDetail badAgreement(AgreementLoadException e) {
        return problem("bad-agreement", "The proposed agreement cannot be used", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return problem("bad-request", "Bad request", e.getMessage());
    }

    private static ProblemDetail problem(String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(URI.create("urn:carehub:problem:" + type));
        problem.setTitle(title);
        return problem;
    }
}
