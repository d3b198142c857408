package dev.hoist.protocol.appspec;

import java.util.List;
import java.util.Set;

/**
 * One {@code permissions} entry, applied to what Install created below {@code object}.
 *
 * @param pattern {@code "**"} (everything below, the default) or a single-segment glob using {@code *}
 * @param mode permission bits read from the digits as written ({@code 0644} is rw-r--r--), or
 *     {@code null} when not set
 * @param types the object types the rule applies to; both when the file gives none
 * @param context SELinux context, or {@code null}
 */
public record PermissionRule(
        String object,
        String pattern,
        List<String> except,
        String owner,
        String group,
        Integer mode,
        List<String> acls,
        Set<ObjectType> types,
        SeLinuxContext context) {

    public PermissionRule {
        except = List.copyOf(except);
        acls = List.copyOf(acls);
        types = Set.copyOf(types);
    }

    public enum ObjectType { FILE, DIRECTORY }

    /** {@code context:} of a permission; {@code user}, {@code role} and {@code range} may be null. */
    public record SeLinuxContext(String user, String role, String type, String range) {
    }
}
