/* Transport-independent HTTP logic of the reference workload.
 * The socket build (socket_main.c) uses it over kernel sockets; other builds link the same
 * file against a userspace TCP/IP stack, so it touches no OS interface at all. */
#ifndef HAPMETER_HTTP_H
#define HAPMETER_HTTP_H
#include <stddef.h>

struct http_reply {
    const char *head;   /* status line and headers */
    size_t head_len;
    const char *body;   /* may be NULL */
    size_t body_len;
};

/* Returns 1 once buf holds a whole request head (ends with an empty line). */
int http_request_complete(const char *buf, size_t len);

/* Builds the reply for the request in buf: the page for GET /, /index.html, 404 otherwise. */
void http_reply_for(const char *buf, size_t len, struct http_reply *out);

/* The served page (exactly 1354 bytes, embedded from index.html). */
extern const char http_page[];
extern const size_t http_page_len;

#endif
