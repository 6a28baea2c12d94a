#include "http.h"

/* The page is embedded at build time so that every build, including a freestanding one,
 * serves the same bytes without a file system. */
__asm__(".section .rodata\n"
        ".global http_page\n"
        "http_page:\n"
        ".incbin \"index.html\"\n"
        "http_page_end:\n"
        ".byte 0\n"
        ".balign 8\n"
        ".global http_page_len\n"
        "http_page_len:\n"
        ".quad http_page_end - http_page\n"
        ".previous\n");

static const char head_ok[] =
    "HTTP/1.0 200 OK\r\n"
    "Server: hapmeter\r\n"
    "Content-Type: text/html\r\n"
    "Content-Length: 1354\r\n"
    "Connection: close\r\n"
    "\r\n";

static const char head_404[] =
    "HTTP/1.0 404 Not Found\r\n"
    "Server: hapmeter\r\n"
    "Content-Length: 0\r\n"
    "Connection: close\r\n"
    "\r\n";

static int starts_with(const char *buf, size_t len, const char *prefix) {
    size_t i = 0;
    for (; prefix[i]; i++)
        if (i >= len || buf[i] != prefix[i]) return 0;
    return 1;
}

int http_request_complete(const char *buf, size_t len) {
    for (size_t i = 3; i < len; i++)
        if (buf[i - 3] == '\r' && buf[i - 2] == '\n' && buf[i - 1] == '\r' && buf[i] == '\n')
            return 1;
    return 0;
}

void http_reply_for(const char *buf, size_t len, struct http_reply *out) {
    if (starts_with(buf, len, "GET / ") || starts_with(buf, len, "GET /index.html ")) {
        out->head = head_ok;
        out->head_len = sizeof head_ok - 1;
        out->body = http_page;
        out->body_len = http_page_len;
    } else {
        out->head = head_404;
        out->head_len = sizeof head_404 - 1;
        out->body = 0;
        out->body_len = 0;
    }
}
