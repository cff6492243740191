package org.darlingtontogether.carehub.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistake in a mapping file stops startup with the file and the place named. */
class MappingLoaderTest {

    @TempDir
    Path copy;

    @Test
    void theRepositoryMappingsLoad() {
        assertThat(new MappingLoader(MapperFixture.FHIR).load(Path.of("mappings"))).hasSize(11);
    }

    @Test
    void anUnknownFhirElementIsNamedWithItsFile() throws IOException {
        copyMappings();
        replace("hl7v2/resource/Patient.yml", "fhir: gender", "fhir: sex");
        assertThatThrownBy(() -> new MappingLoader(MapperFixture.FHIR).load(copy))
                .isInstanceOf(MappingLoadException.class)
                .hasMessageContaining("resource/Patient.yml")
                .hasMessageContaining("'sex' is not an element of Patient");
    }

    @Test
    void aMisspeltKeyIsAnErrorNotSilence() throws IOException {
        copyMappings();
        replace("hl7v2/datatype/XPN.yml", "codesystem: name-use", "codeSystem: name-use");
        assertThatThrownBy(() -> new MappingLoader(MapperFixture.FHIR).load(copy))
                .isInstanceOf(MappingLoadException.class)
                .hasMessageContaining("datatype/XPN.yml")
                .hasMessageContaining("unknown key 'codeSystem'");
    }

    @Test
    void aMissingCodeSystemOrDatatypeIsNamed() throws IOException {
        copyMappings();
        Files.delete(copy.resolve("hl7v2/codesystem/patient-class.yml"));
        assertThatThrownBy(() -> new MappingLoader(MapperFixture.FHIR).load(copy))
                .isInstanceOf(MappingLoadException.class)
                .hasMessageContaining("resource/Encounter.yml")
                .hasMessageContaining("no codesystem hl7v2/codesystem/patient-class.yml");
    }

    @Test
    void aDatatypeMustFitTheElement() throws IOException {
        copyMappings();
        replace("hl7v2/resource/Patient.yml", "from: PID-11\n    datatype: XAD", "from: PID-11\n    datatype: XPN");
        assertThatThrownBy(() -> new MappingLoader(MapperFixture.FHIR).load(copy))
                .isInstanceOf(MappingLoadException.class)
                .hasMessageContaining("datatype XPN makes a HumanName but address is a Address");
    }

    @Test
    void aResourceFileCanLabelEverythingItMakesAsSensitive() throws IOException {
        copyMappings();
        replace("hl7v2/resource/Condition.yml", "category: conditions\n", "category: conditions\nsecurity: [mental-health]\n");
        MessageMapping admit = new MappingLoader(MapperFixture.FHIR).load(copy).get("ADT^A01");
        assertThat(admit.resources()).extracting(plan -> plan.resource().resourceType() + ":" + plan.resource().security())
                .contains("Condition:[mental-health]", "Patient:[]");
    }

    @Test
    void aSecurityLabelMustBeADataCategory() throws IOException {
        copyMappings();
        replace("hl7v2/resource/Condition.yml", "category: conditions\n", "category: conditions\nsecurity: [psychiatry]\n");
        assertThatThrownBy(() -> new MappingLoader(MapperFixture.FHIR).load(copy))
                .isInstanceOf(MappingLoadException.class)
                .hasMessageContaining("resource/Condition.yml")
                .hasMessageContaining("'psychiatry' is not a data category");
    }

    @Test
    void aMissingFolderSaysWhereItLooked() {
        assertThatThrownBy(() -> new MappingLoader(MapperFixture.FHIR).load(copy.resolve("nowhere")))
                .isInstanceOf(MappingLoadException.class)
                .hasMessageContaining("carehub.mappings.location");
    }

    private void copyMappings() throws IOException {
        Path source = Path.of("mappings");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private void replace(String file, String from, String to) throws IOException {
        Path path = copy.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }
}
