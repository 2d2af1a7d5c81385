package dev.hud.sensors.stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.sensors.node.SensorsConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/** Bounds the kernel's send buffer of every connection (see {@link SensorsConfig#socketSendBuffer()}). */
@ApplicationScoped
class SendBufferCustomizer implements HttpServerOptionsCustomizer {

    private final int sendBuffer;

    SendBufferCustomizer(SensorsConfig config) {
        this.sendBuffer = config.socketSendBuffer();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setSendBufferSize(sendBuffer);
    }
}
