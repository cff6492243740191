package org.darlingtontogether.carehub.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.demo.PartnerFhirServer;
import org.darlingtontogether.carehub.demo.SyntheticFhirRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Talking to a partner's FHIR server (a real HAPI RestfulServer): its credentials, and how its answers are sorted. */
class FhirPartnerClientTest {

    PartnerFhirServer server;
    @TempDir Path secrets;

    @BeforeEach
    void start() {
        server = new PartnerFhirServer(FhirContext.forR4Cached(), List.of("Patient")).start();
        server.put(SyntheticFhirRecords.patient("p1", "9434765919", "https://x.example/id", "Smith", "Jo", "F", null));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void oauth2ClientCredentialsFetchATokenAndAFreshOneWhenThePartnerNoLongerTakesIt() throws Exception {
        server.clientCredentials("carehub", "s3cret");
        Files.writeString(secrets.resolve("phd-secret"), "s3cret\n");
        CarehubProperties.FhirAuth auth = new CarehubProperties.FhirAuth();
        auth.setTokenUrl(server.tokenUrl());
        auth.setClientId("carehub");
        auth.setClientSecretRef("file:" + secrets.resolve("phd-secret"));
        FhirPartnerClient client = client(auth);

        assertThat(client.get(patients()).status()).isEqualTo(200);
        server.revokeTokens();
        FhirPartnerClient.Answer again = client.get(patients());

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("\"resourceType\":\"Bundle\"");
    }

    @Test
    void aWrongClientSecretIsRefusedNotRetried() throws Exception {
        server.clientCredentials("carehub", "s3cret");
        Files.writeString(secrets.resolve("wrong"), "not-it");
        CarehubProperties.FhirAuth auth = new CarehubProperties.FhirAuth();
        auth.setTokenUrl(server.tokenUrl());
        auth.setClientId("carehub");
        auth.setClientSecretRef("file:" + secrets.resolve("wrong"));

        assertThatThrownBy(() -> client(auth).get(patients())).isInstanceOf(FeedRefusedException.class)
                .hasMessageContaining("refused the hub's client credentials");
    }

    @Test
    void aStaticBearerTokenIsShownAndWithoutItThePartnerRefuses() throws Exception {
        server.requireToken("static-token-1");
        Files.writeString(secrets.resolve("token"), "static-token-1");
        CarehubProperties.FhirAuth auth = new CarehubProperties.FhirAuth();
        auth.setBearerTokenRef("file:" + secrets.resolve("token"));

        assertThat(client(auth).get(patients()).status()).isEqualTo(200);
        assertThatThrownBy(() -> client(new CarehubProperties.FhirAuth()).get(patients())).isInstanceOf(FeedRefusedException.class)
                .hasMessageContaining("401 Unauthorized");
    }

    @Test
    void answersAreSortedIntoWaitBackOffOrRefused() {
        FhirPartnerClient client = client(new CarehubProperties.FhirAuth());
        server.addFault(PartnerFhirServer.Fault.status(429, Map.of("Retry-After", "120")));
        server.addFault(PartnerFhirServer.Fault.status(503, Map.of()));
        server.addFault(PartnerFhirServer.Fault.status(403, Map.of()));

        assertThat(client.get(patients()).retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThatThrownBy(() -> client.get(patients())).isInstanceOf(FeedUnavailableException.class).hasMessageContaining("503");
        assertThatThrownBy(() -> client.get(patients())).isInstanceOf(FeedRefusedException.class).hasMessageContaining("403 Forbidden");
        assertThat(client.onPartnerOrigin(URI.create("http://elsewhere.example/fhir/Patient"))).isFalse();
        assertThat(FhirPartnerClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(FhirPartnerClient.retryAfter("999999")).contains(Duration.ofHours(1));
        assertThat(FhirPartnerClient.retryAfter("soon")).isEmpty();
    }

    private FhirPartnerClient client(CarehubProperties.FhirAuth auth) {
        return new FhirPartnerClient("phd", server.baseUrl(), PartnerCredentials.of("phd", auth), Duration.ofSeconds(5), null);
    }

    private URI patients() {
        return URI.create(server.baseUrl() + "/Patient?_count=10");
    }
}
