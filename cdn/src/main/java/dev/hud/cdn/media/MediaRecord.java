package dev.hud.cdn.media;

/**
 * One owner's record of a stored file. Identical content is stored once; every owner who uploaded
 * it has a record of their own.
 *
 * @param id           the content's sha-256, hex
 * @param contentType  as judged from the content
 * @param created      epoch milliseconds
 */
public record MediaRecord(String id, String kind, String originalName, String contentType, long size, String owner,
        long created) {

    public String url() {
        return "/media/" + id;
    }
}
