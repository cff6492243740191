package org.darlingtontogether.carehub.govern;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The data sharing agreements the hub works under, read once at start-up from {@code carehub.agreements.location}
 * ({@code *.yml}, in file-name order, which is the order rules are tried in). A bad file, or none at all, stops the
 * hub with the file, line and problem.
 */
@Component
public class Agreements {

    private static final Logger log = LoggerFactory.getLogger(Agreements.class);

    private final List<Agreement> all;

    @Autowired
    public Agreements(CarehubProperties properties) {
        this(load(properties.getAgreements().getLocation(), new AgreementReader(Vocabulary.of(properties))));
        for (Agreement agreement : all) {
            log.info("agreement {} ({}) valid {} to {}: {} rules", agreement.label(), agreement.file(), agreement.validFrom(),
                    agreement.validTo() == null ? "open" : agreement.validTo(), agreement.rules().size());
        }
    }

    public Agreements(List<Agreement> agreements) {
        this.all = List.copyOf(agreements);
    }

    public List<Agreement> all() {
        return all;
    }

    /** The agreements in force on a date, in the order their rules are tried. */
    public List<Agreement> inForceOn(LocalDate date) {
        List<Agreement> inForce = new ArrayList<>(all.size());
        for (Agreement agreement : all) {
            if (agreement.inForceOn(date)) {
                inForce.add(agreement);
            }
        }
        return inForce;
    }

    /** These agreements with one replaced by a proposed version (same id), or the proposal added (a new id). */
    public Agreements withProposal(Agreement proposed) {
        List<Agreement> changed = new ArrayList<>(all.size() + 1);
        boolean replaced = false;
        for (Agreement agreement : all) {
            if (agreement.id().equals(proposed.id())) {
                changed.add(proposed);
                replaced = true;
            } else {
                changed.add(agreement);
            }
        }
        if (!replaced) {
            changed.add(proposed);
        }
        return new Agreements(changed);
    }

    static List<Agreement> load(Path folder, AgreementReader reader) {
        if (!Files.isDirectory(folder)) {
            throw new AgreementLoadException("no agreements folder at " + folder.toAbsolutePath()
                    + " (set carehub.agreements.location): the hub shares nothing without an agreement");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".yml") || f.getFileName().toString().endsWith(".yaml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new AgreementLoadException("cannot list " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        List<Agreement> agreements = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path file : files) {
            String name = folder.getFileName() + "/" + file.getFileName();
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AgreementLoadException(name + ": cannot be read (" + e.getMessage() + ")", e);
            }
            Agreement agreement = reader.read(name, text);
            String before = seen.put(agreement.label(), name);
            if (before != null) {
                throw new AgreementLoadException(name + " line 1: agreement " + agreement.label() + " is also in " + before);
            }
            agreements.add(agreement);
        }
        if (agreements.isEmpty()) {
            throw new AgreementLoadException("no agreement files (*.yml) in " + folder.toAbsolutePath()
                    + ": the hub shares nothing without an agreement");
        }
        return agreements;
    }
}
