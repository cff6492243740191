package org.darlingtontogether.carehub.api.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 from the security layer as a FHIR OperationOutcome, with the {@code WWW-Authenticate} header
 * RFC 6750 asks for, so a consumer gets the same kind of error body from every layer.
 */
public class OperationOutcomeErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "carehub";

    private final FhirContext fhir;
    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();

    public OperationOutcomeErrors(FhirContext fhir) {
        this.fhir = fhir;
        bearerEntryPoint.setRealmName(REALM);
        bearerAccessDenied.setRealmName(REALM);
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) throws IOException {
        bearerEntryPoint.commence(request, response, failure);
        String diagnostics = failure instanceof OAuth2AuthenticationException oauth
                ? "The bearer token was not accepted: " + describe(oauth)
                : "Authentication required: send an OAuth2 bearer token (client credentials, POST /oauth2/token)";
        write(response, HttpServletResponse.SC_UNAUTHORIZED, IssueType.LOGIN, diagnostics, request);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) throws IOException {
        bearerAccessDenied.handle(request, response, denied);
        write(response, HttpServletResponse.SC_FORBIDDEN, IssueType.FORBIDDEN,
                "This client is not allowed here: " + requirementFor(request), request);
    }

    private static String describe(OAuth2AuthenticationException failure) {
        String description = failure.getError().getDescription();
        return description != null ? description : failure.getError().getErrorCode();
    }

    private static String requirementFor(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/fhir")) {
            return "the FHIR API needs a configured consumer's token with scope " + HubClients.FHIR_READ_SCOPE;
        }
        return "this endpoint needs an operator's token with scope " + HubClients.OPS_SCOPE;
    }

    private void write(HttpServletResponse response, int status, IssueType type, String diagnostics, HttpServletRequest request)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setStatus(status);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType(path.startsWith("/fhir") ? "application/fhir+json;charset=UTF-8" : "application/json;charset=UTF-8");
        response.getWriter().write(fhir.newJsonParser().encodeResourceToString(outcome));
    }
}
