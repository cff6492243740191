package org.darlingtontogether.carehub.inbox;

import org.apache.camel.component.hl7.HL7MLLPNettyDecoderFactory;
import org.apache.camel.component.hl7.HL7MLLPNettyEncoderFactory;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * MLLP framing for the Netty listeners in {@code routes/}: camel-hl7's codec splits every 0x0B ... 0x1C 0x0D frame in a
 * TCP read into its own message, so pipelined messages are all delivered (camel-mllp 4.17.0 drops all but the first,
 * CAMEL-24668). Each connection gets its own decoder from the factory. Messages stay text exactly as sent (no LF to CR
 * rewriting: the inbox keeps the original), in the hospital feed's declared character set.
 */
@Configuration(proxyBeanMethods = false)
public class MllpCodecConfig {

    @Bean
    public HL7MLLPNettyDecoderFactory hl7MllpDecoder(CarehubProperties properties) {
        String charset = hospitalFeed(properties).getCharset();
        HL7MLLPNettyDecoderFactory decoder = new HL7MLLPNettyDecoderFactory();
        decoder.setCharset(charset);
        decoder.setConvertLFtoCR(false);
        decoder.setProduceString(true);
        return decoder;
    }

    @Bean
    public HL7MLLPNettyEncoderFactory hl7MllpEncoder(CarehubProperties properties) {
        String charset = hospitalFeed(properties).getCharset();
        HL7MLLPNettyEncoderFactory encoder = new HL7MLLPNettyEncoderFactory();
        encoder.setCharset(charset);
        encoder.setConvertLFtoCR(false);
        return encoder;
    }

    private static CarehubProperties.Mllp hospitalFeed(CarehubProperties properties) {
        CarehubProperties.Partner cddft = properties.getPartners().get("cddft");
        return cddft == null ? new CarehubProperties.Mllp() : cddft.getMllp();
    }
}
