-- Saved filters (常用筛选): a user's named filters of the case list or the queue, as the page's query string.
-- Kept per user on the server so that they follow the user to another browser; saving a name again replaces it.
CREATE TABLE saved_filters
(
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    username   TEXT NOT NULL,
    page       TEXT NOT NULL,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (username, page, name)
);
