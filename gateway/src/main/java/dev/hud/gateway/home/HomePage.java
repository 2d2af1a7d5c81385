package dev.hud.gateway.home;

import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;

/** The first page: what HUD is and where each service's health and API description live. */
@Path("/")
public class HomePage {

    private final Template index;
    private final Map<String, String> services;

    HomePage(Template index, LinksConfig links) {
        this.index = index;
        this.services = new TreeMap<>();
        links.services().forEach((name, url) -> services.put(name, url.toString().replaceAll("/+$", "")));
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true) // a page, like the others in WebPages: the OpenAPI document is the API
    public TemplateInstance get() {
        return index.data("services", services);
    }
}
