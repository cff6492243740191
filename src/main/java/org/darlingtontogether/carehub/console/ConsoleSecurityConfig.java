package org.darlingtontogether.carehub.console;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.darlingtontogether.carehub.api.security.ApiSecurityConfig;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Who may use the IG console: the people in {@code carehub.ig-users} (role IG), signed in with a form at
 * {@code /console/login} and kept by a session (idle timeout {@code server.servlet.session.timeout}), with CSRF
 * protection on every form. API clients' bearer tokens and client secrets mean nothing here. Ordered ahead of the
 * API's chain ({@link ApiSecurityConfig}), which it leaves untouched: it only matches {@code /console/**}.
 *
 * <p>Sign-ins, successful and refused, are published as Spring Security authentication events (for the audit log)
 * and logged with the user name only. A console sign-in's event carries a {@code UsernamePasswordAuthenticationToken}
 * (API clients authenticate with other types: client credentials at the token endpoint, JWTs on the API).
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfig {

    public static final int ORDER = ApiSecurityConfig.ORDER - 10;
    static final String LOGIN = "/console/login";
    static final String LOGOUT = "/console/logout";
    static final String CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurityConfig.class);

    @Bean
    @Order(ORDER)
    SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, CarehubProperties properties,
            ObjectProvider<AuthenticationEventPublisher> eventPublisher, ApplicationEventPublisher applicationEvents) throws Exception {
        IgUsers users = new IgUsers(properties);
        if (users.count() == 0) {
            log.warn("no carehub.ig-users configured: nobody can sign in to the IG console");
        }
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        ProviderManager signIn = new ProviderManager(passwords);
        signIn.setAuthenticationEventPublisher(
                eventPublisher.getIfAvailable(() -> new DefaultAuthenticationEventPublisher(applicationEvents)));

        // after sign-in, back to the page asked for, at its own address (no "?continue" marker)
        HttpSessionRequestCache askedFor = new HttpSessionRequestCache();
        askedFor.setMatchingRequestParameterName(null);

        var paths = PathPatternRequestMatcher.withDefaults();
        http
                .securityMatcher(new OrRequestMatcher(paths.matcher("/console"), paths.matcher("/console/**")))
                .authenticationManager(signIn)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(paths.matcher(LOGIN), paths.matcher("/console/console.css")).permitAll()
                        .anyRequest().hasRole(IgUsers.ROLE))
                .requestCache(cache -> cache.requestCache(askedFor))
                .formLogin(form -> form
                        .loginPage(LOGIN)
                        .loginProcessingUrl(LOGIN)
                        .successHandler(signedIn())
                        .failureHandler(refused()))
                .logout(logout -> logout
                        .logoutUrl(LOGOUT)
                        .logoutSuccessUrl(LOGIN + "?signed-out")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(sessions -> sessions
                        .sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(fixation -> fixation.changeSessionId())
                        .invalidSessionUrl(LOGIN + "?expired"))
                .csrf(Customizer.withDefaults())
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .httpBasic(AbstractHttpConfigurer::disable);
        return http.build();
    }

    private static SavedRequestAwareAuthenticationSuccessHandler signedIn() {
        SavedRequestAwareAuthenticationSuccessHandler handler = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                    Authentication authentication) throws IOException, ServletException {
                log.info("console sign-in: {}", authentication.getName());
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        handler.setDefaultTargetUrl("/console");
        return handler;
    }

    private static SimpleUrlAuthenticationFailureHandler refused() {
        return new SimpleUrlAuthenticationFailureHandler(LOGIN + "?refused") {
            @Override
            public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                    AuthenticationException exception) throws IOException, ServletException {
                log.info("console sign-in refused: user name {}", loggable(request.getParameter("username")));
                super.onAuthenticationFailure(request, response, exception);
            }
        };
    }

    /** A typed user name as a log can carry it: one line, bounded. */
    static String loggable(String username) {
        if (username == null || username.isBlank()) {
            return "(none)";
        }
        String oneLine = username.strip().replaceAll("[\\p{Cntrl}]", "_");
        return oneLine.length() > 64 ? oneLine.substring(0, 64) + "..." : oneLine;
    }
}
