package org.darlingtontogether.carehub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A secret named by reference in configuration, never written there: {@code env:NAME} (an environment variable) or
 * {@code file:/run/secrets/name} (a file's content, trimmed). Errors name the reference, never the secret.
 */
public final class SecretReference {

    private SecretReference() {
    }

    public static String resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalStateException("no secret reference given");
        }
        if (reference.startsWith("env:")) {
            String value = System.getenv(reference.substring(4));
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("secret " + reference + ": environment variable not set");
            }
            return value.strip();
        }
        if (reference.startsWith("file:")) {
            try {
                return Files.readString(Path.of(reference.substring(5)), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("secret " + reference + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new IllegalStateException("secret reference " + reference + " is neither env:NAME nor file:/path");
    }
}
