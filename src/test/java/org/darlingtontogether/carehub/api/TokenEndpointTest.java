package org.darlingtontogether.carehub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** The built-in token endpoint, with the consumers and demo secrets of the embedded default (docs/demo-credentials.md). */
@HubTest
@DirtiesContext // frees the MLLP port for the next test class (HubTestBase shares one port)
class TokenEndpointTest extends HubTestBase {

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void issuesAJwtNamingTheConsumerAndItsPurpose() {
        HttpResponse<String> response = api.requestToken("care-hub", "care-hub-demo-secret", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = ApiClient.json(response.body());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("scope").asText()).isEqualTo("fhir.read");
        JsonNode claims = ApiClient.claims(body.get("access_token").asText());
        assertThat(claims.get("sub").asText()).isEqualTo("care-hub");
        assertThat(claims.get("consumer").asText()).isEqualTo("care-hub");
        assertThat(claims.get("purpose").asText()).isEqualTo("direct-care");
        assertThat(claims.get("scope").toString()).contains("fhir.read");
    }

    @Test
    void everyConsumerCarriesItsOwnPurpose() {
        assertThat(ApiClient.claims(api.token("navigator", "navigator-demo-secret")).get("purpose").asText()).isEqualTo("navigator");
        assertThat(ApiClient.claims(api.token("planning", "planning-demo-secret")).get("purpose").asText()).isEqualTo("planning");
    }

    @Test
    void refusesAWrongSecret() {
        HttpResponse<String> response = api.requestToken("care-hub", "not-the-secret", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(ApiClient.json(response.body()).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void refusesAnUnknownClient() {
        assertThat(api.requestToken("somebody-else", "care-hub-demo-secret", null).statusCode()).isEqualTo(401);
    }

    @Test
    void operatorGetsTheOpsScopeAndAConsumerCannotAskForIt() {
        HttpResponse<String> operator = api.requestToken("hub-ops", "hub-ops-demo-secret", null);
        assertThat(operator.statusCode()).isEqualTo(200);
        JsonNode claims = ApiClient.claims(ApiClient.json(operator.body()).get("access_token").asText());
        assertThat(claims.get("operator").asText()).isEqualTo("hub-ops");
        assertThat(claims.get("scope").toString()).contains("ops").doesNotContain("fhir.read");

        HttpResponse<String> consumerAskingForOps = api.requestToken("care-hub", "care-hub-demo-secret", "ops");
        assertThat(consumerAskingForOps.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(consumerAskingForOps.body()).get("error").asText()).isEqualTo("invalid_scope");
    }
}
