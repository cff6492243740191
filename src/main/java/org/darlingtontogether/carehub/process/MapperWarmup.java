package org.darlingtontogether.carehub.process;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.map.Hl7v2Mapper;
import org.darlingtontogether.carehub.map.MappingContext;
import org.darlingtontogether.carehub.parse.Hl7Parser;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Parses, maps and encodes a synthetic message before any listener opens: the first FHIR encode costs over a
 * second, which would otherwise land on the first partner message. Nothing is stored.
 */
@Component
@Order(0)
public class MapperWarmup implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MapperWarmup.class);
    private static final int ROUNDS = 200;

    private final Hl7Parser parser;
    private final Hl7v2Mapper mapper;
    private final FhirContext fhir;

    public MapperWarmup(Hl7Parser parser, Hl7v2Mapper mapper, FhirContext fhir) {
        this.parser = parser;
        this.mapper = mapper;
        this.fhir = fhir;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        long started = System.nanoTime();
        try (InputStream in = MapperWarmup.class.getResourceAsStream("/warmup/adt-a01.hl7")) {
            String sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            MappingContext context = new MappingContext("warmup", 0, NhsNumber.of("9434765919"));
            for (int i = 0; i < ROUNDS; i++) {
                for (RecordWrite write : mapper.map(parser.parse(sample), context).writes()) {
                    fhir.newJsonParser().encodeResourceToString(write.resource());
                }
            }
        } catch (IOException | org.darlingtontogether.carehub.parse.Hl7ParseException | RuntimeException e) {
            // a failed warm-up only costs speed on the first messages; the mappings' own tests catch real faults
            log.warn("mapper warm-up did not complete: {}", e.getClass().getSimpleName());
            return;
        }
        log.info("mapper warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }
}
