package dev.hud.gateway.sensors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;

/** The live sensors dashboard. The page is a shell: its script (a cdn asset) streams /api/sensors/stream. */
@Path("/sensors")
public class SensorsPage {

    private final Template sensors;

    SensorsPage(Template sensors) {
        this.sensors = sensors;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true) // a page, like the others in WebPages: the OpenAPI document is the API
    public TemplateInstance get() {
        return sensors.instance();
    }
}
