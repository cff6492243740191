package org.darlingtontogether.carehub.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * The RSA key that signs the built-in token endpoint's JWTs: read from {@code carehub.security.signing-key.location}
 * (PEM, PKCS#8) when set, otherwise generated at start (tokens then die with the process and are not accepted by
 * another instance).
 */
final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private SigningKeys() {
    }

    static RSAKey load(CarehubProperties.SigningKey config) {
        KeyPair pair = config.getLocation() == null ? generate() : read(config.getLocation());
        RSAKey.Builder key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate());
        try {
            key.keyID(config.getId() != null && !config.getId().isBlank() ? config.getId() : key.build().computeThumbprint().toString());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the signing key's thumbprint", e);
        }
        return key.build();
    }

    private static KeyPair generate() {
        log.info("Token signing key generated at start (carehub.security.signing-key.location unset): tokens end with this process");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    private static KeyPair read(Resource location) {
        try (InputStream in = location.getInputStream()) {
            RSAPrivateKey privateKey = RsaKeyConverters.pkcs8().convert(in);
            if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
                throw new IllegalStateException("carehub.security.signing-key.location: the key carries no public exponent (need a PKCS#8 RSA private key)");
            }
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            if (publicKey.getModulus().bitLength() < 2048) {
                throw new IllegalStateException("carehub.security.signing-key.location: RSA key shorter than 2048 bits");
            }
            return new KeyPair(publicKey, privateKey);
        } catch (IOException e) {
            throw new IllegalStateException("carehub.security.signing-key.location: cannot read " + location.getDescription(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("carehub.security.signing-key.location: not a PEM PKCS#8 RSA private key ("
                    + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("carehub.security.signing-key.location: cannot derive the public key", e);
        }
    }
}
