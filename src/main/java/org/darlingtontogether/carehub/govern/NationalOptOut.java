package org.darlingtontogether.carehub.govern;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The national data opt-out list: a file of NHS numbers, one a line ({@code #} comments and blank lines allowed),
 * at {@code carehub.agreements.national-opt-out}. Read at start and again whenever the file changes (its size or
 * modification time, looked at no more than once a second). Applies to the planning purpose only. No file means
 * nobody has opted out; a file that cannot be read keeps the list last read.
 */
@Component
public class NationalOptOut {

    private static final Logger log = LoggerFactory.getLogger(NationalOptOut.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Path file;
    private volatile Set<String> optedOut = Set.of();
    private volatile FileTime readModified;
    private volatile long readSize = -1;
    private volatile long lastCheck;

    @Autowired
    public NationalOptOut(CarehubProperties properties) {
        this(properties.getAgreements().getNationalOptOut());
    }

    public NationalOptOut(Path file) {
        this.file = file;
        this.lastCheck = System.nanoTime();
        reloadIfChanged();
    }

    public boolean optedOut(String nhsNumber) {
        long now = System.nanoTime();
        if (now - lastCheck > CHECK_EVERY_NANOS) {
            lastCheck = now;
            reloadIfChanged();
        }
        return optedOut.contains(nhsNumber);
    }

    /** Reads the file again if it changed since last read; returns whether it did. */
    public synchronized boolean reloadIfChanged() {
        if (!Files.isRegularFile(file)) {
            if (readSize != -1 || readModified == null) {
                log.info("national data opt-out: no list at {}; nobody is treated as opted out", file.toAbsolutePath());
                readModified = FileTime.fromMillis(0);
            }
            optedOut = Set.of();
            readSize = -1;
            return false;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(readModified) && size == readSize) {
                return false;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Set<String> numbers = new HashSet<>(lines.size() * 2);
            int invalid = 0;
            for (String line : lines) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                if (NhsNumber.isValid(text)) {
                    numbers.add(NhsNumber.of(text).value());
                } else {
                    invalid++;
                }
            }
            optedOut = Set.copyOf(numbers);
            readModified = modified;
            readSize = size;
            log.info("national data opt-out: {} NHS numbers read from {} ({} lines not a valid NHS number, ignored)",
                    numbers.size(), file.toAbsolutePath(), invalid);
            return true;
        } catch (IOException e) {
            log.warn("national data opt-out: cannot read {} ({}); keeping the list last read", file.toAbsolutePath(), e.getClass().getSimpleName());
            return false;
        }
    }
}
