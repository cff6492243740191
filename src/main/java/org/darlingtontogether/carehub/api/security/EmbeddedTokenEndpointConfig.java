package org.darlingtontogether.carehub.api.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The built-in token endpoint, {@code POST /oauth2/token}, for the embedded default: OAuth2 client credentials
 * only, for the clients in {@code carehub.consumers.*} (scope {@code fhir.read}) and {@code carehub.operators.*}
 * (scope {@code ops}), issuing RS256 JWTs that carry the client's id and a consumer's purpose. Off when an external
 * issuer is configured ({@link ExternalIssuer}); the FHIR API then trusts that issuer's tokens instead.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ExternalIssuer.NotConfigured.class)
public class EmbeddedTokenEndpointConfig {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain tokenEndpointSecurityFilterChain(HttpSecurity http, OperationOutcomeErrors errors) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        PasswordEncoder secrets = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        http
                .securityMatcher(server.getEndpointsMatcher())
                .with(server, s -> s
                        // secrets are checked as configured ({bcrypt}/{noop}), whatever PasswordEncoder bean others define
                        .clientAuthentication(clients -> clients.authenticationProviders(providers -> providers.forEach(p -> {
                            if (p instanceof ClientSecretAuthenticationProvider secretProvider) {
                                secretProvider.setPasswordEncoder(secrets);
                            }
                        })))
                        .tokenEndpoint(token -> token.accessTokenRequestConverters(converters -> converters.add(0, new DefaultScopeConverter()))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors));
        return http.build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(HubClients clients, CarehubProperties properties) {
        return new HubRegisteredClients(clients, properties.getSecurity().getTokenTtl());
    }

    /** Tokens are self-contained and short-lived, so none is kept (an in-memory store would grow with every token). */
    @Bean
    OAuth2AuthorizationService authorizationService() {
        return new UnrecordedAuthorizations();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(CarehubProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        String issuer = properties.getSecurity().getIssuer();
        if (issuer != null && !issuer.isBlank()) {
            settings.issuer(issuer);
        }
        return settings.build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(CarehubProperties properties) {
        return new ImmutableJWKSet<>(new JWKSet(SigningKeys.load(properties.getSecurity().getSigningKey())));
    }

    /** The API checks the built-in endpoint's tokens against its own key (and issuer, when one is configured). */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, CarehubProperties properties) {
        JwtDecoder decoder = OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
        String issuer = properties.getSecurity().getIssuer();
        if (issuer != null && !issuer.isBlank() && decoder instanceof NimbusJwtDecoder nimbus) {
            nimbus.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
        }
        return decoder;
    }

    /** The access token names its client, and a consumer's purpose, for the API and for the consumer's own audit. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> hubClaims(HubClients clients) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            clients.caller(context.getRegisteredClient().getClientId()).ifPresent(caller -> {
                if (caller.isConsumer()) {
                    context.getClaims().claim(HubTokenConverter.CONSUMER_CLAIM, caller.clientId());
                    context.getClaims().claim(HubTokenConverter.PURPOSE_CLAIM, caller.purpose().code());
                } else if (caller.kind() == HubCaller.Kind.OPERATOR) {
                    context.getClaims().claim(HubTokenConverter.OPERATOR_CLAIM, caller.clientId());
                }
            });
        };
    }
}
