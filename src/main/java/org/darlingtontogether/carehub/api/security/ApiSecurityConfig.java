package org.darlingtontogether.carehub.api.security;

import static org.springframework.security.authorization.AuthorityAuthorizationManager.hasAuthority;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may call what. Every request needs a valid bearer JWT except health and info: the FHIR API a configured
 * consumer's token with scope {@code fhir.read}, except recording consent directives ({@code POST /fhir/Consent},
 * {@code PUT /fhir/Consent/{id}}), which needs scope {@code consent.write} (the IG lead); the operations API and the
 * other actuator endpoints scope {@code ops}; the audit trail ({@code /api/audit/**}, {@code GET /fhir/AuditEvent})
 * scope {@code audit} (the IG lead); governance reports ({@code /api/governance/**}) {@code governance} or
 * {@code ops}. Stateless: no session, no CSRF token (nothing is authenticated by cookie).
 * The token endpoint has its own chain ({@link EmbeddedTokenEndpointConfig}) ahead of this one.
 */
@Configuration(proxyBeanMethods = false)
public class ApiSecurityConfig {

    /** Ordered after the token endpoint's chain, and ahead of Spring Boot's default (which this replaces). */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    @Bean
    OperationOutcomeErrors operationOutcomeErrors(FhirContext fhir) {
        return new OperationOutcomeErrors(fhir);
    }

    @Bean
    @Order(ORDER)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, OperationOutcomeErrors errors, HubTokenConverter tokens) throws Exception {
        var paths = PathPatternRequestMatcher.withDefaults();
        http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAuthority("SCOPE_" + HubClients.OPS_SCOPE)
                        .requestMatchers(paths.matcher("/api/ops/**")).hasAuthority("SCOPE_" + HubClients.OPS_SCOPE)
                        .requestMatchers(paths.matcher("/api/governance/**"))
                                .hasAnyAuthority("SCOPE_" + HubClients.GOVERNANCE_SCOPE, "SCOPE_" + HubClients.OPS_SCOPE)
                        // the audit trail: the IG lead only
                        .requestMatchers(paths.matcher("/api/audit/**")).hasAuthority("SCOPE_" + HubClients.AUDIT_SCOPE)
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/fhir/AuditEvent")).hasAuthority("SCOPE_" + HubClients.AUDIT_SCOPE)
                        // recording a consent directive: the IG lead's scope, never a consumer's
                        .requestMatchers(paths.matcher(HttpMethod.POST, "/fhir/Consent")).hasAuthority("SCOPE_" + HubClients.CONSENT_WRITE_SCOPE)
                        .requestMatchers(paths.matcher(HttpMethod.PUT, "/fhir/Consent/*")).hasAuthority("SCOPE_" + HubClients.CONSENT_WRITE_SCOPE)
                        .requestMatchers(paths.matcher("/fhir/**")).access(AuthorizationManagers.allOf(
                                hasAuthority("SCOPE_" + HubClients.FHIR_READ_SCOPE), hasAuthority(HubTokenConverter.CONSUMER_AUTHORITY)))
                        .requestMatchers(paths.matcher("/error")).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(tokens))
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        return http.build();
    }
}
