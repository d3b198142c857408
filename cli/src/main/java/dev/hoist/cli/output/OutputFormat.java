package dev.hoist.cli.output;

/** How a command prints its result: for people, or for scripts. */
public enum OutputFormat {
    /** Aligned tables and short sentences. */
    table,
    /** The API's JSON objects, pretty-printed, with the API's field names. */
    json,
    /** The same objects and field names as YAML. */
    yaml
}
