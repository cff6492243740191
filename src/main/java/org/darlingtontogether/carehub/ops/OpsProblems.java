package org.darlingtontogether.carehub.ops;

import java.net.URI;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the operations API as an RFC 9457 problem ({@code application/problem+json}) that says what is wrong
 * in words an operator can act on. Request-level faults (unreadable JSON, a state that does not exist, a wrong
 * method) come out the same way through {@link ResponseEntityExceptionHandler}.
 */
@RestControllerAdvice(assignableTypes = InboxOpsController.class)
public class OpsProblems extends ResponseEntityExceptionHandler {

    /** Problem types are URNs: stable names a client can switch on, not pages to fetch. */
    private static final String TYPE_BASE = "urn:carehub:problem:";

    @ExceptionHandler(NhsNumber.InvalidNhsNumberException.class)
    ProblemDetail invalidNhsNumber(NhsNumber.InvalidNhsNumberException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-nhs-number", "Invalid NHS number", e.getMessage());
        problem.setProperty("field", "nhsNumber");
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badArgument(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage());
    }

    @ExceptionHandler(InboxOperations.EntryNotFoundException.class)
    ProblemDetail notFound(InboxOperations.EntryNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "inbox-entry-not-found", "Inbox entry not found", e.getMessage());
    }

    @ExceptionHandler(InboxOperations.WrongStateException.class)
    ProblemDetail wrongState(InboxOperations.WrongStateException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "wrong-inbox-state", "Inbox entry is in the wrong state", e.getMessage());
        problem.setProperty("state", e.actual().name());
        return problem;
    }

    @ExceptionHandler(InboxOperations.HandoffFailedException.class)
    ProblemDetail handoffFailed(InboxOperations.HandoffFailedException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "handoff-failed", "Queued, but processing is unavailable", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
