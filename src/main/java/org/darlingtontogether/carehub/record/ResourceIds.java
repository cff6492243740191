package org.darlingtontogether.carehub.record;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Derives a resource's id from where it came from (partner, type, the source's own key), so that the same
 * fact sent twice lands on the same resource. Keyed (HMAC), so an id never reveals an NHS number or hospital number.
 */
@Component
public class ResourceIds {

    private static final String SETTING = "record.id-secret";
    private final SecretKeySpec key;
    /** An initialised Mac per thread: building one per call was most of the cost of mapping a resource. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public ResourceIds(CarehubProperties properties, JdbcClient jdbc) {
        String secret = properties.getRecord().getIdSecret();
        if (secret == null || secret.isBlank()) {
            secret = storedSecret(jdbc);
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The id for a resource of this type from this partner with this source key, e.g. an encounter's visit number. */
    public String idFor(String partner, String resourceType, String sourceKey) {
        byte[] digest = macs.get().doFinal((partner + '|' + resourceType + '|' + sourceKey).getBytes(StandardCharsets.UTF_8));
        return partner + "-" + HexFormat.of().formatHex(digest, 0, 16);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String storedSecret(JdbcClient jdbc) {
        return jdbc.sql("select setting_value from hub_setting where setting_name = ?").param(SETTING).query(String.class).optional()
                .orElseGet(() -> {
                    byte[] random = new byte[32];
                    new SecureRandom().nextBytes(random);
                    String generated = HexFormat.of().formatHex(random);
                    try {
                        jdbc.sql("insert into hub_setting (setting_name, setting_value) values (?, ?)").params(SETTING, generated).update();
                        return generated;
                    } catch (org.springframework.dao.DuplicateKeyException anotherInstanceWon) {
                        return jdbc.sql("select setting_value from hub_setting where setting_name = ?").param(SETTING).query(String.class).single();
                    }
                });
    }
}
