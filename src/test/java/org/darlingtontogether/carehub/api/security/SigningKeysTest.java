package org.darlingtontogether.carehub.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.FileSystemResource;

/** The built-in endpoint's signing key: configured (so tokens outlive a restart) or generated. */
class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void readsAConfiguredPkcs8KeyAndDerivesItsPublicHalf() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path pem = dir.resolve("jwt-signing.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        CarehubProperties.SigningKey config = new CarehubProperties.SigningKey();
        config.setLocation(new FileSystemResource(pem));
        config.setId("carehub-test");

        RSAKey key = SigningKeys.load(config);

        assertThat(key.getKeyID()).isEqualTo("carehub-test");
        assertThat(key.toRSAPublicKey().getModulus()).isEqualTo(((RSAPublicKey) pair.getPublic()).getModulus());
        assertThat(key.isPrivate()).isTrue();
    }

    @Test
    void generatesAKeyNamedByItsThumbprintWhenNoneIsConfigured() throws Exception {
        RSAKey key = SigningKeys.load(new CarehubProperties.SigningKey());

        assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        assertThat(key.size()).isEqualTo(2048);
    }

    @Test
    void aFileThatIsNotAKeyStopsTheStartNamingTheSetting() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("notes.txt"), "not a key");
        CarehubProperties.SigningKey config = new CarehubProperties.SigningKey();
        config.setLocation(new FileSystemResource(notAKey));

        assertThatThrownBy(() -> SigningKeys.load(config)).hasMessageContaining("carehub.security.signing-key.location");
    }
}
