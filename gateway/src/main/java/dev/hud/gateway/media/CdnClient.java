package dev.hud.gateway.media;

import java.io.File;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

/** The cdn's media API (see cdn/README.md); the gateway calls it with tokens it signs itself. */
@Path("/media")
public interface CdnClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode list(@HeaderParam("Authorization") String authorization, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @DELETE
    @Path("/{id}")
    Response delete(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces({ MediaType.APPLICATION_JSON, "application/problem+json" })
    Response upload(@HeaderParam("Authorization") String authorization, @QueryParam("kind") String kind,
            @QueryParam("name") String name, byte[] body);

    /** A file's content as the body, read as it is sent. */
    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces({ MediaType.APPLICATION_JSON, "application/problem+json" })
    Response uploadFile(@HeaderParam("Authorization") String authorization, @QueryParam("kind") String kind,
            @QueryParam("name") String name, File body);
}
