package dev.hoist.api;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT} (replace every tag) and {@code POST} (set these, remove those)
 * {@code /api/v1/agents/{id}/tags}.
 *
 * @param tags tags to set
 * @param remove keys to remove (POST only)
 */
public record TagsRequest(Map<String, String> tags, List<String> remove) {
}
