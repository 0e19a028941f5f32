package example.users;

/** A user, as the users API sends it: {@code {"id":7,"name":"Ada"}}. */
public record User(long id, String name) {}
