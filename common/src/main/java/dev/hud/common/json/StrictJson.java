package dev.hud.common.json;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * A request body read strictly: an unknown field (a typo such as {@code pasword}) is refused with a
 * problem naming it, instead of being dropped. Put on a resource method with
 * {@code @CustomDeserialization(StrictJson.class)}; the services' shared mapper stays tolerant, as
 * broker messages of a newer version must still be read.
 */
public class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return mapper.readerFor(mapper.constructType(type)).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
