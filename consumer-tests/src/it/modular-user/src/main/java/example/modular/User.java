package example.modular;

/** A user, as the users API sends it: {@code {"id":7,"name":"user 7"}}. */
public record User(long id, String name) {}
